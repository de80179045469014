package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words after a command name, split into positional words and options. Options are written
 * {@code --name value}, {@code --name=value} or, for the short ones, {@code -H value}; {@code _}
 * and {@code -} are interchangeable in names. An option given twice keeps both values.
 */
final class Args {
  private final String command;
  private final List<Words.Word> positional;
  private final Map<String, List<String>> options;

  private Args(String command, List<Words.Word> positional, Map<String, List<String>> options) {
    this.command = command;
    this.positional = positional;
    this.options = options;
  }

  /**
   * Parses the words of a command.
   *
   * @param valued option names that take a value (long names without dashes, or one letter)
   * @param flags option names that take none
   * @throws ShellException for an unknown option (naming the closest) or a missing value
   */
  static Args parse(String command, List<Words.Word> words, Set<String> valued, Set<String> flags)
      throws ShellException {
    List<Words.Word> positional = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      Words.Word w = words.get(i);
      String raw = w.raw();
      if (!raw.startsWith("-") || raw.equals("-") || isNumber(raw)) {
        positional.add(w);
        continue;
      }
      String body = raw.startsWith("--") ? raw.substring(2) : raw.substring(1);
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        value = w.text().substring(w.text().indexOf('=') + 1);
        body = body.substring(0, eq);
      }
      String name = body.replace('_', '-');
      if (flags.contains(name)) {
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "true" : value);
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= words.size()) {
            throw new ShellException(command + ": " + raw + " needs a value");
          }
          value = words.get(++i).text();
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        List<String> known = new ArrayList<>(valued);
        known.addAll(flags);
        String closest = Suggestions.closest(name, known);
        throw new ShellException(command + ": unknown option " + raw
            + (closest == null ? "" : "; did you mean " + (closest.length() == 1 ? "-" : "--") + closest + "?"));
      }
    }
    return new Args(command, positional, options);
  }

  private static boolean isNumber(String s) {
    return s.length() > 1 && (Character.isDigit(s.charAt(1)) || s.charAt(1) == '.');
  }

  String command() {
    return command;
  }

  List<Words.Word> positional() {
    return positional;
  }

  /** The last value of an option, or {@code fallback}. */
  String option(String name, String fallback) {
    List<String> values = options.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }

  /** Every value of an option, in order. */
  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(option(name, "false"));
  }

  /** Fails unless the number of positional words is within bounds; shows the usage. */
  Args expect(int min, int max, String usage) throws ShellException {
    if (positional.size() < min || positional.size() > max) {
      throw new ShellException(
          (positional.size() < min ? command + ": missing argument" : command + ": too many arguments")
              + "\nusage: " + usage);
    }
    return this;
  }
}
