package io.cablekit.mock.internal.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cablekit.mock.internal.matching.CallView;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{...}}} placeholders from the call. Roots: {@code sid}, {@code channel}, {@code
 * action}, {@code identifier}, {@code url}, {@code path}, and the objects {@code params}, {@code
 * data}, {@code identifiers}, {@code headers}, {@code cookies}, {@code query}, {@code cstate},
 * {@code istate}, each optionally followed by {@code .key} segments. A missing value renders as
 * the empty string. In JSON, a string that is exactly one placeholder becomes that JSON value
 * ({@code "{{data}}"} is the whole perform data object).
 */
public final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_$][\\w$.\\-]*)\\s*}}");

  private Templates() {}

  /** Whether {@code s} holds a placeholder. */
  public static boolean hasPlaceholder(String s) {
    return s != null && PLACEHOLDER.matcher(s).find();
  }

  /** Renders a string: each placeholder becomes the text of its value. */
  public static String render(String template, CallView call) {
    if (template == null || !template.contains("{{")) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = resolve(m.group(1), call);
      String text = value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
      m.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Renders every string inside a JSON value. */
  public static JsonNode render(JsonNode template, CallView call) {
    if (template == null) {
      return null;
    }
    if (template.isTextual()) {
      String text = template.textValue();
      Matcher whole = PLACEHOLDER.matcher(text);
      if (whole.matches()) {
        JsonNode value = resolve(whole.group(1), call);
        return value.isMissingNode() ? TextNode.valueOf("") : value;
      }
      return TextNode.valueOf(render(text, call));
    }
    if (template.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      template.properties().forEach(e -> out.set(render(e.getKey(), call), render(e.getValue(), call)));
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      template.forEach(item -> out.add(render(item, call)));
      return out;
    }
    return template;
  }

  /** Resolves a dotted expression such as {@code params.room}. */
  static JsonNode resolve(String expression, CallView call) {
    String[] parts = expression.split("\\.");
    JsonNode root =
        switch (parts[0]) {
          case "sid" -> TextNode.valueOf(call.call().sid());
          case "channel" -> TextNode.valueOf(call.channel());
          case "action" -> TextNode.valueOf(call.action());
          case "identifier" -> TextNode.valueOf(call.call().identifier());
          case "url" -> TextNode.valueOf(call.call().url());
          case "path" -> TextNode.valueOf(call.call().path());
          case "params" -> call.params();
          case "data" -> call.dataJson();
          case "identifiers" -> call.identifiersJson();
          case "headers" -> map(call.call().headers());
          case "cookies" -> map(call.cookies());
          case "query" -> map(call.query());
          case "cstate" -> map(call.call().cstate());
          case "istate" -> map(call.call().istate());
          default -> MissingNode.getInstance();
        };
    JsonNode node = root;
    for (int i = 1; i < parts.length && !node.isMissingNode(); i++) {
      node = node.path(parts[i]);
    }
    return node;
  }

  /** The roots a placeholder may start with, for validating stub files. */
  public static boolean knownRoot(String expression) {
    String root = expression.split("\\.")[0];
    return switch (root) {
      case "sid", "channel", "action", "identifier", "url", "path", "params", "data", "identifiers",
          "headers", "cookies", "query", "cstate", "istate" -> true;
      default -> false;
    };
  }

  /** Every placeholder expression in {@code s}. */
  public static java.util.List<String> expressions(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (s != null) {
      Matcher m = PLACEHOLDER.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static JsonNode map(Map<String, String> values) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    values.forEach(out::put);
    return out;
  }
}
