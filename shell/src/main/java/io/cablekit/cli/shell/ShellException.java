package io.cablekit.cli.shell;

/**
 * A command failed in a way the user can act on; the message is printed as is, without a stack
 * trace. In scripted mode it ends the script with a non-zero exit code.
 */
final class ShellException extends Exception {
  private static final long serialVersionUID = 1L;

  ShellException(String message) {
    super(message, null, false, false);
  }
}
