package io.cablekit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;

/**
 * Value matchers for {@link RequestPattern}. A plain value matches by equality (objects
 * partially: only the keys given must be present and match, in any order). These operators are
 * written the same way in stub files:
 *
 * <ul>
 *   <li>{@code {"$regex": "^chat_\\d+$"}}: a string fully matching the pattern
 *   <li>{@code {"$contains": "abc"}}: a string containing the text
 *   <li>{@code {"$any": true}}: present, any value
 *   <li>{@code {"$absent": true}}: not present
 *   <li>{@code {"$eq": {...}}}: exactly this value (objects compared whole, not partially)
 * </ul>
 */
public final class Matchers {
  private Matchers() {}

  /** A string fully matching the regular expression. */
  public static JsonNode matching(String regex) {
    return op("$regex", regex);
  }

  /** A string containing {@code text}. */
  public static JsonNode containing(String text) {
    return op("$contains", text);
  }

  /** Any value, as long as it is present. */
  public static JsonNode present() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("$any", true);
    return node;
  }

  /** The key must not be present. */
  public static JsonNode absent() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("$absent", true);
    return node;
  }

  /** Exactly this value: an object must have no other keys. */
  public static JsonNode exactly(Object value) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.set("$eq", toJson(value));
    return node;
  }

  private static JsonNode op(String name, String value) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put(name, value);
    return node;
  }

  /**
   * Converts a Java value to JSON: a {@link JsonNode} as is, a {@code String} as a JSON string,
   * anything else (maps, lists, numbers, records) through Jackson.
   */
  public static JsonNode toJson(Object value) {
    if (value instanceof JsonNode node) {
      return node;
    }
    return Json.MAPPER.valueToTree(value);
  }
}
