package io.cablekit.server.internal.config;

/** A value that does not fit its option; the message says what was expected. */
final class BadValue extends Exception {
  private static final long serialVersionUID = 1L;

  BadValue(String problem) {
    super(problem, null, false, false);
  }
}
