package io.cablekit.protocol;

/** Thrown when a client frame is not a JSON object of the Action Cable command shape. */
public final class MalformedFrameException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedFrameException(String message) {
    super(message);
  }
}
