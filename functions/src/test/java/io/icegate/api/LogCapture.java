package io.icegate.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what loggers write to stderr (slf4j-simple writes to the current System.err) while open. */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  public LogCapture() {
    System.setErr(new PrintStream(new TeeStream(original, bytes), true, StandardCharsets.UTF_8));
  }

  /** Everything written so far. */
  public String text() {
    System.err.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }

  private static final class TeeStream extends OutputStream {
    private final PrintStream a;
    private final ByteArrayOutputStream b;

    TeeStream(PrintStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
