package io.cablekit.mock;

/** A verification of the mock's journal failed; the message shows the closest calls. */
public final class VerificationException extends AssertionError {
  private static final long serialVersionUID = 1L;

  public VerificationException(String message) {
    super(message);
  }
}
