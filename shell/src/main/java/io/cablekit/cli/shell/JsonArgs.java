package io.cablekit.cli.shell;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON, {@code key:value} and duration arguments, with errors that point at the problem. */
final class JsonArgs {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private JsonArgs() {}

  /**
   * Parses one JSON value.
   *
   * @param what names the argument in the error, e.g. {@code params}
   * @throws ShellException "invalid JSON in params at line 1, column 9: ..." with the text and a
   *     caret under the column
   */
  static JsonNode parse(String text, String what) throws ShellException {
    try (var parser = Json.MAPPER.createParser(text)) {
      JsonNode node = Json.MAPPER.readTree(parser);
      if (node == null) {
        throw new ShellException("invalid JSON in " + what + ": nothing to read");
      }
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new ShellException(located(text, what, at.getLineNr(), at.getColumnNr(), "unexpected text after the JSON value"));
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      throw new ShellException(located(text, what, line, column, firstLine(e.getOriginalMessage())));
    } catch (java.io.IOException e) {
      throw new ShellException("invalid JSON in " + what + ": " + e.getMessage());
    }
  }

  private static String located(String text, String what, int line, int column, String message) {
    String[] lines = text.split("\n", -1);
    String shown = lines[Math.min(line, lines.length) - 1];
    return "invalid JSON in " + what + " at line " + line + ", column " + column + ": " + message
        + "\n  " + shown + "\n  " + " ".repeat(Math.max(0, Math.min(column - 1, shown.length()))) + "^";
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Parses a JSON object. */
  static ObjectNode object(String text, String what) throws ShellException {
    JsonNode node = parse(text, what);
    if (!node.isObject()) {
      throw new ShellException(what + " must be a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ": " + text);
    }
    return (ObjectNode) node;
  }

  /**
   * Parameters as ACLI writes them ({@code id:1 name:jack}) or one JSON object. Values of
   * {@code key:value} pairs are strings.
   */
  static ObjectNode params(List<Words.Word> words, String what) throws ShellException {
    if (words.isEmpty()) {
      return Json.MAPPER.createObjectNode();
    }
    if (words.size() == 1 && (words.get(0).raw().startsWith("{") || words.get(0).raw().startsWith("["))) {
      return object(words.get(0).raw(), what);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Words.Word w : words) {
      int colon = w.text().indexOf(':');
      if (colon <= 0) {
        throw new ShellException(what + ": expected a JSON object or key:value pairs, got " + w.raw());
      }
      out.put(w.text().substring(0, colon), w.text().substring(colon + 1));
    }
    return out;
  }

  /** {@code 2s}, {@code 500ms}, {@code 1m}, {@code 1.5s}; a bare number is seconds. */
  static Duration duration(String text, String what) throws ShellException {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new ShellException(what + ": expected a duration such as 2s or 500ms, got " + text);
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n * 1000;
    };
    return Duration.ofMillis(Math.round(millis));
  }

  /** A duration as people write it: {@code 2s}, {@code 500ms}. */
  static String show(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
