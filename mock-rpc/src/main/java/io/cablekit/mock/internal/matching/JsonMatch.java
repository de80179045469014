package io.cablekit.mock.internal.matching;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Partial, key-order-independent JSON matching with the operators of {@code Matchers}: objects
 * match when every expected key matches (extra keys are fine), arrays element by element, scalars
 * by equality (numbers by numeric value).
 */
public final class JsonMatch {
  static final String ABSENT = "<absent>";

  private JsonMatch() {}

  /** Whether {@code node} is an operator object such as {@code {"$regex": "..."}}. */
  public static boolean isOperator(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      return false;
    }
    String key = node.fieldNames().next();
    return key.equals("$regex") || key.equals("$contains") || key.equals("$any")
        || key.equals("$absent") || key.equals("$eq");
  }

  /**
   * Compares {@code actual} (null or missing when absent) with {@code expected} and adds a
   * {@link Mismatch} for each difference, under field names starting with {@code path}.
   */
  public static void diff(String path, JsonNode expected, JsonNode actual, List<Mismatch> out) {
    boolean present = actual != null && !actual.isMissingNode();
    if (isOperator(expected)) {
      operator(path, expected, present ? actual : null, out);
      return;
    }
    if (!present) {
      out.add(new Mismatch(path, show(expected), ABSENT));
      return;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        out.add(new Mismatch(path, show(expected), show(actual)));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        diff(join(path, e.getKey()), e.getValue(), actual.get(e.getKey()), out);
      }
      return;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        out.add(new Mismatch(path, show(expected), show(actual)));
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
      return;
    }
    if (!scalarEquals(expected, actual)) {
      out.add(new Mismatch(path, show(expected), show(actual)));
    }
  }

  private static void operator(String path, JsonNode op, JsonNode actual, List<Mismatch> out) {
    String name = op.fieldNames().next();
    JsonNode arg = op.get(name);
    switch (name) {
      case "$any" -> {
        if (actual == null) {
          out.add(new Mismatch(path, "any value", ABSENT));
        }
      }
      case "$absent" -> {
        if (actual != null) {
          out.add(new Mismatch(path, ABSENT, show(actual)));
        }
      }
      case "$eq" -> {
        if (actual == null || !actual.equals(arg)) {
          out.add(new Mismatch(path, "exactly " + show(arg), actual == null ? ABSENT : show(actual)));
        }
      }
      case "$regex" -> {
        String text = textOf(actual);
        if (text == null || !regex(arg.asText()).matcher(text).matches()) {
          out.add(new Mismatch(path, "matching /" + arg.asText() + "/", actual == null ? ABSENT : show(actual)));
        }
      }
      default -> {
        String text = textOf(actual);
        if (text == null || !text.contains(arg.asText())) {
          out.add(new Mismatch(path, "containing " + show(arg), actual == null ? ABSENT : show(actual)));
        }
      }
    }
  }

  private static Pattern regex(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression /" + pattern + "/: " + e.getDescription(), e);
    }
  }

  /** Checks that every regular expression inside {@code expected} compiles. */
  public static void validate(String path, JsonNode expected) {
    if (isOperator(expected)) {
      String name = expected.fieldNames().next();
      if (name.equals("$regex")) {
        if (!expected.get(name).isTextual()) {
          throw new IllegalArgumentException(path + ": $regex needs a string");
        }
        regex(expected.get(name).asText());
      } else if (name.equals("$contains") && !expected.get(name).isTextual()) {
        throw new IllegalArgumentException(path + ": $contains needs a string");
      }
      return;
    }
    if (expected.isObject()) {
      expected.fields().forEachRemaining(e -> validate(join(path, e.getKey()), e.getValue()));
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        validate(path + "[" + i + "]", expected.get(i));
      }
    }
  }

  private static String textOf(JsonNode node) {
    if (node == null) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static boolean scalarEquals(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** How a JSON value is shown in reports. */
  public static String show(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return ABSENT;
    }
    String text = node.toString();
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
