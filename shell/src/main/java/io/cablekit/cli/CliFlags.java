package io.cablekit.cli;

import io.cablekit.server.internal.text.Typos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flags of CableKit's own subcommands ({@code mock-rpc}, ...), spelt like anycable-go's:
 * {@code --name=value} or {@code --name value}, a bool flag alone means true, {@code -} and {@code
 * _} interchangeable. An unknown flag is an error naming the closest known one.
 */
final class CliFlags {
  /** A flag a command accepts. */
  record Flag(String name, boolean bool, String defaultValue, String description) {}

  private final String command;
  private final Map<String, Flag> flags = new LinkedHashMap<>();

  CliFlags(String command, List<Flag> accepted) {
    this.command = command;
    accepted.forEach(f -> flags.put(key(f.name()), f));
  }

  private static String key(String name) {
    return name.replace('-', '_');
  }

  /** Parsed values by canonical name, defaults applied (null defaults omitted). */
  Map<String, String> parse(List<String> args) throws IllegalArgumentException {
    Map<String, String> out = new LinkedHashMap<>();
    flags.values().forEach(f -> {
      if (f.defaultValue() != null) {
        out.put(f.name(), f.defaultValue());
      }
    });
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-")) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\"; options are written --name=value");
      }
      String body = arg.substring(arg.startsWith("--") ? 2 : 1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      Flag flag = flags.get(key(name));
      if (flag == null) {
        throw new IllegalArgumentException("unknown flag --" + name + closest(name));
      }
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (flag.bool()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      out.put(flag.name(), value);
    }
    return out;
  }

  private String closest(String name) {
    List<String> names = flags.values().stream().map(Flag::name).toList();
    String best = Typos.nearest(name, names, CliFlags::key, Typos.allowance(name));
    return best != null
        ? "; did you mean --" + best + "?"
        : "; run cablekit " + command + " --help to list the options";
  }

  /** One line per flag, for help texts. */
  String usage() {
    StringBuilder out = new StringBuilder();
    List<String> lines = new ArrayList<>();
    for (Flag f : flags.values()) {
      String left = "  --" + f.name() + (f.bool() ? "" : "=" + (f.defaultValue() == null || f.defaultValue().isEmpty() ? "..." : f.defaultValue()));
      lines.add(String.format("%-36s %s", left, f.description()));
    }
    lines.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }
}
