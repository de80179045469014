package io.cablekit.cli;

import java.io.PrintStream;
import java.util.List;

/** A {@code cablekit} subcommand. */
interface Command {
  /** The name typed after {@code cablekit}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** Prints the command's help. */
  void help(PrintStream out);

  /**
   * Runs the command with the arguments after its name.
   *
   * @return the process exit code
   */
  int run(List<String> args) throws Exception;
}
