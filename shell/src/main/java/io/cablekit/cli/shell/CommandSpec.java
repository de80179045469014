package io.cablekit.cli.shell;

import java.util.List;
import java.util.Set;

/**
 * A shell command: its names, its help and what runs it.
 *
 * @param name the name {@code help} shows
 * @param aliases other names that run it (short ones, ACLI's {@code \s}, ...)
 * @param usage one line of syntax
 * @param summary one line for the command list
 * @param details what {@code help <command>} adds below the usage
 * @param valued options that take a value
 * @param flags options that take none
 * @param scripted whether a recorded script repeats the command line as typed
 * @param handler runs the command
 */
record CommandSpec(
    String name,
    List<String> aliases,
    String usage,
    String summary,
    String details,
    Set<String> valued,
    Set<String> flags,
    boolean scripted,
    Handler handler) {
  /** Runs a command with its parsed arguments. */
  interface Handler {
    void run(Args args) throws ShellException, InterruptedException;
  }

  /** A command without options. */
  static CommandSpec of(String name, List<String> aliases, String usage, String summary, String details, boolean scripted, Handler handler) {
    return new CommandSpec(name, aliases, usage, summary, details, Set.of(), Set.of(), scripted, handler);
  }

  /** The same command with these options. */
  CommandSpec options(Set<String> valuedOptions, Set<String> flagOptions) {
    return new CommandSpec(name, aliases, usage, summary, details, valuedOptions, flagOptions, scripted, handler);
  }
}
