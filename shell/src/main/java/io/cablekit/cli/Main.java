package io.cablekit.cli;

import io.cablekit.server.Version;
import io.cablekit.server.internal.text.Typos;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar cablekit.jar <command> [options]}. */
public final class Main {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  Main() {
    add(new ServeCommand());
    add(new ShellCommand());
    add(new BenchCommand());
    add(new MockRpcCommand());
  }

  private void add(Command command) {
    commands.put(command.name(), command);
  }

  public static void main(String[] args) {
    int code;
    try {
      code = new Main().run(Arrays.asList(args), System.out, System.err);
    } catch (Exception e) {
      System.err.println("cablekit: " + e.getMessage());
      code = 1;
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty()) {
      usage(out);
      return 0;
    }
    String first = args.get(0);
    switch (first) {
      case "--help", "-h", "help" -> {
        if (args.size() > 1 && commands.containsKey(args.get(1))) {
          commands.get(args.get(1)).help(out);
        } else {
          usage(out);
        }
        return 0;
      }
      case "--version", "-v", "version" -> {
        out.println("CableKit " + Version.CABLEKIT + " (AnyCable-compatible " + Version.ANYCABLE_COMPATIBLE + ")");
        return 0;
      }
      default -> {}
    }
    Command command = commands.get(first);
    List<String> rest = args.subList(1, args.size());
    if (command == null && first.startsWith("-")) {
      // an anycable-go command line without a subcommand: run the server
      command = commands.get("serve");
      rest = args;
    }
    if (command == null) {
      err.println("cablekit: unknown command \"" + first + "\"" + suggestion(first));
      err.println("Run cablekit --help to list the commands.");
      return 2;
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      command.help(out);
      return 0;
    }
    return command.run(rest);
  }

  private String suggestion(String typed) {
    String best = Typos.nearest(typed, commands.keySet());
    return best != null ? "; did you mean " + best + "?" : "";
  }

  private void usage(PrintStream out) {
    out.println("CableKit " + Version.CABLEKIT + ": an AnyCable-compatible server and toolkit for testing real-time apps");
    out.println();
    out.println("Usage: java -jar cablekit.jar <command> [options]");
    out.println();
    out.println("Commands:");
    commands.values().forEach(c -> out.printf("  %-10s %s%n", c.name(), c.summary()));
    out.printf("  %-10s %s%n", "help", "Show help for a command: cablekit help serve");
    out.printf("  %-10s %s%n", "version", "Print the version");
    out.println();
    out.println("Options written for anycable-go work unchanged after \"serve\".");
  }
}
