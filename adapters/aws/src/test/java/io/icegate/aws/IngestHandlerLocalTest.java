package io.icegate.aws;

import java.nio.file.Path;

/** The ingest handler over an icegate home. */
class IngestHandlerLocalTest extends IngestHandlerContract {
  @Override
  LambdaFixture fixture(Path dir) {
    return LambdaFixture.start(dir);
  }
}
