package io.cablekit.server;

/**
 * A command line or environment that cannot be turned into a {@link CableConfig}. The message is
 * meant for the user as is, e.g. {@code --port=abc: expected an integer}.
 */
public class OptionsException extends Exception {
  private static final long serialVersionUID = 1L;

  public OptionsException(String message) {
    super(message);
  }

  public OptionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
