package io.icegate.infra.aws;

import io.icegate.notify.Secret;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SecretResolver;
import io.icegate.notify.SecretUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Secrets of a Lambda function: {@code env:NAME} reads the variable {@code NAME}; when its value is
 * {@code ssm:<parameter name>}, the SecureString parameter is read with decryption, once per
 * container. There is no icegate home on Lambda, so {@code file:} references are refused. Messages
 * name the reference or the parameter, never a value.
 */
public final class AwsSecrets implements SecretResolver {

  /** Prefix of an environment value that names an SSM parameter instead of holding the secret. */
  public static final String SSM_PREFIX = "ssm:";

  private final Map<String, String> env;
  private final Supplier<SsmClient> ssm;
  private final Map<String, Secret> parameters = new ConcurrentHashMap<>();

  /**
   * @param env the function's environment
   * @param ssm the SSM client, made on first use (most functions never read a parameter)
   */
  public AwsSecrets(Map<String, String> env, Supplier<SsmClient> ssm) {
    this.env = Map.copyOf(env);
    this.ssm = ssm;
  }

  @Override
  public Secret resolve(SecretRef ref) {
    if (ref.source() != SecretRef.Source.ENV) {
      throw new SecretUnavailableException("secret " + ref + ": files are not available on AWS Lambda;"
          + " use env:NAME, whose value may be " + SSM_PREFIX + "<parameter name>");
    }
    String value = env.get(ref.name());
    if (value == null || value.isBlank()) {
      throw new SecretUnavailableException("secret " + ref + " is not set");
    }
    value = value.strip();
    return value.startsWith(SSM_PREFIX) ? parameter(value.substring(SSM_PREFIX.length()), ref.toString())
        : new Secret(value);
  }

  /** A SecureString parameter's decrypted value, cached for the container's life. */
  public Secret parameter(String name, String what) {
    return parameters.computeIfAbsent(name, n -> read(n, what));
  }

  private Secret read(String name, String what) {
    try {
      String value = ssm.get().getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
      if (value == null || value.isEmpty()) {
        throw new SecretUnavailableException(what + ": SSM parameter " + name + " is empty");
      }
      return new Secret(value);
    } catch (ParameterNotFoundException e) {
      throw new SecretUnavailableException(what + ": SSM parameter " + name + " does not exist");
    } catch (SdkException e) {
      throw new SecretUnavailableException(what + ": SSM parameter " + name + " could not be read ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
