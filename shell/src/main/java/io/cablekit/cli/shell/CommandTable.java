package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every shell command by name and alias; {@code help} text; "did you mean" for typos. */
final class CommandTable {
  private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
  private final Map<String, CommandSpec> byAlias = new LinkedHashMap<>();

  void add(CommandSpec spec) {
    byName.put(spec.name(), spec);
    byAlias.put(spec.name(), spec);
    spec.aliases().forEach(a -> byAlias.put(a, spec));
  }

  /**
   * The command named or aliased {@code typed}.
   *
   * @throws ShellException "unknown command "subscrbe"; did you mean subscribe?"
   */
  CommandSpec find(String typed) throws ShellException {
    CommandSpec spec = byAlias.get(typed);
    if (spec == null) {
      String closest = Suggestions.closest(typed, byName.keySet());
      if (closest == null) {
        closest = Suggestions.closest(typed, byAlias.keySet());
      }
      throw new ShellException("unknown command \"" + typed + "\""
          + (closest == null ? "" : "; did you mean " + byAlias.get(closest).name() + "?") + " (help lists the commands)");
    }
    return spec;
  }

  /** Command names, in the order of the help. */
  List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  List<CommandSpec> all() {
    return new ArrayList<>(byName.values());
  }

  /** The command list. */
  String overview() {
    StringBuilder out = new StringBuilder("Commands (help <command> for details):\n");
    for (CommandSpec c : byName.values()) {
      out.append(String.format("  %-13s %s%n", c.name(), c.summary()));
    }
    out.append("JSON may span several lines: a line with an open brace or bracket continues.");
    return out.toString();
  }

  /** The help of one command. */
  String help(String typed) throws ShellException {
    CommandSpec c = find(typed);
    StringBuilder out = new StringBuilder("usage: ").append(c.usage()).append('\n').append(c.summary());
    if (!c.aliases().isEmpty()) {
      out.append("\naliases: ").append(String.join(", ", c.aliases()));
    }
    if (!c.details().isEmpty()) {
      out.append("\n\n").append(c.details());
    }
    return out.toString();
  }
}
