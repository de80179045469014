package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * A value read from a stub file with the line that names it: the line of its key for an object
 * field, of its first token for a list item or the document.
 *
 * @param json the value as JSON
 * @param line 1-based line
 * @param raw the scalar's text as written (a YAML {@code yes} that became {@code true}), or null
 * @param fields an object's fields in file order (empty for other values)
 * @param items a list's items (empty for other values)
 */
public record Node(JsonNode json, int line, String raw, Map<String, Node> fields, List<Node> items) {

  public boolean isObject() {
    return json.isObject();
  }

  public boolean isArray() {
    return json.isArray();
  }

  public boolean isText() {
    return json.isTextual();
  }

  public String text() {
    return json.textValue();
  }

  /** The field {@code key} of an object, or null. */
  public Node get(String key) {
    return fields.get(key);
  }

  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /** How the value is shown after "got" in a message: {@code "high"}, {@code 5}, {@code a list}. */
  public String describe() {
    if (json.isTextual()) {
      String t = json.textValue();
      return Json.quote(t.length() > 60 ? t.substring(0, 57) + "..." : t);
    }
    if (json.isObject()) {
      return "an object";
    }
    if (json.isArray()) {
      return "a list";
    }
    if (json.isNull()) {
      return "nothing (null)";
    }
    if (json.isBoolean() && raw != null && !raw.equals(json.asText())) {
      return raw + " (YAML reads it as " + json.asText() + ")";
    }
    return raw != null ? raw : json.toString();
  }
}
