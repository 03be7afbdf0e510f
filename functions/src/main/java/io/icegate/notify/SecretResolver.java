package io.icegate.notify;

/**
 * Port: reads a secret from where a {@link SecretRef} points. The local runtime reads environment
 * variables and files in the home; cloud adapters may map the references to their secret stores.
 */
public interface SecretResolver {

  /**
   * The secret's value.
   *
   * @throws SecretUnavailableException when there is none; the message names the reference only
   */
  Secret resolve(SecretRef ref);
}
