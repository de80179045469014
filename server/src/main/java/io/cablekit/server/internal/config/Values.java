package io.cablekit.server.internal.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parsing of option values, shared by flags, environment variables and extras. */
final class Values {
  /** The option types an extra may have (the TSV also has {@code map}). */
  static final List<String> TYPES =
      List.of("string", "int", "bool", "list", "duration-seconds", "duration-ms");

  private Values() {}

  static int integer(String raw) throws BadValue {
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw new BadValue("expected an integer");
    }
  }

  /** Whole seconds, as anycable-go's integer flags. */
  static Duration seconds(String raw) throws BadValue {
    return Duration.ofSeconds(whole(raw, "seconds"));
  }

  /** Whole milliseconds, as anycable-go's integer flags. */
  static Duration millis(String raw) throws BadValue {
    return Duration.ofMillis(whole(raw, "milliseconds"));
  }

  private static long whole(String raw, String unit) throws BadValue {
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new BadValue("expected an integer number of " + unit);
    }
  }

  /** Go's strconv.ParseBool spellings, case-insensitive: true/false, t/f, 1/0. */
  static boolean bool(String raw) throws BadValue {
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "t", "1" -> true;
      case "false", "f", "0" -> false;
      default -> throw new BadValue("expected true or false");
    };
  }

  /** Comma-separated entries, trimmed, empty ones dropped. */
  static List<String> list(String raw) {
    return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** One of {@code allowed} (compared case-insensitively), returned lower-cased. */
  static String oneOf(String raw, String... allowed) throws BadValue {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    if (Arrays.asList(allowed).contains(value)) {
      return value;
    }
    throw new BadValue("expected " + either(allowed));
  }

  /** "a, b or c". */
  static String either(String... words) {
    if (words.length == 1) {
      return words[0];
    }
    return String.join(", ", Arrays.copyOf(words, words.length - 1)) + " or " + words[words.length - 1];
  }

  /** Checks {@code raw} against {@code type} and returns it in canonical form (for extras). */
  static String canonical(String type, String raw) throws BadValue {
    return switch (type) {
      case "int" -> Integer.toString(integer(raw));
      case "bool" -> Boolean.toString(bool(raw));
      case "list" -> String.join(",", list(raw));
      case "duration-seconds" -> Long.toString(seconds(raw).toSeconds());
      case "duration-ms" -> Long.toString(millis(raw).toMillis());
      default -> raw;
    };
  }
}
