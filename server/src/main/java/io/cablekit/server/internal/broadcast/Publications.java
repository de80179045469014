package io.cablekit.server.internal.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import io.cablekit.server.Broadcast;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes broadcast messages in anycable-go's order (PROTOCOL.md 4.1): an object with a non-empty
 * {@code stream} is one publication, an array whose first element has {@code stream} is a batch,
 * an object with a non-empty {@code command} is a remote command; anything else is invalid.
 */
public final class Publications {
  private Publications() {}

  public static Publication parse(String body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return new Publication.Invalid("invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null) {
      return new Publication.Invalid("empty body");
    }
    if (root.isObject() && nonEmptyText(root.get("stream"))) {
      return single(root);
    }
    if (root.isArray() && !root.isEmpty() && root.get(0).isObject() && root.get(0).has("stream")) {
      return batch(root);
    }
    if (root.isObject() && nonEmptyText(root.get("command"))) {
      return command(root);
    }
    return new Publication.Invalid("invalid publication format");
  }

  /** The publication JSON of a broadcast (PROTOCOL.md 4.1), meta included when set. */
  public static String toJson(Broadcast b) {
    var node = Json.MAPPER.createObjectNode().put("stream", b.stream()).put("data", b.data());
    if (b.excludeSocket() != null || b.type() != null || b.isTransient()) {
      var meta = node.putObject("meta");
      if (b.excludeSocket() != null) {
        meta.put("exclude_socket", b.excludeSocket());
      }
      if (b.type() != null) {
        meta.put("broadcast_type", b.type());
      }
      if (b.isTransient()) {
        meta.put("transient", true);
      }
    }
    return node.toString();
  }

  private static Publication single(JsonNode node) {
    try {
      return new Publication.Broadcasts(List.of(broadcast(node)));
    } catch (IllegalArgumentException e) {
      return new Publication.Invalid(e.getMessage());
    }
  }

  private static Publication batch(JsonNode array) {
    List<Broadcast> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode node = array.get(i);
      if (!node.isObject() || !nonEmptyText(node.get("stream"))) {
        return new Publication.Invalid("batch element " + i + " has no stream");
      }
      try {
        out.add(broadcast(node));
      } catch (IllegalArgumentException e) {
        return new Publication.Invalid("batch element " + i + ": " + e.getMessage());
      }
    }
    return new Publication.Broadcasts(out);
  }

  private static Broadcast broadcast(JsonNode node) {
    JsonNode data = node.get("data");
    if (data != null && !data.isNull() && !data.isTextual()) {
      throw new IllegalArgumentException(
          "\"data\" must be a string (JSON-encode the payload), got " + data.getNodeType());
    }
    String excludeSocket = null;
    String type = null;
    boolean isTransient = false;
    JsonNode meta = node.get("meta");
    if (meta != null && meta.isObject()) {
      excludeSocket = text(meta.get("exclude_socket"));
      type = text(meta.get("broadcast_type"));
      isTransient = meta.path("transient").asBoolean(false);
    }
    return new Broadcast(
        node.get("stream").textValue(),
        data == null || data.isNull() ? "" : data.textValue(),
        excludeSocket == null || excludeSocket.isEmpty() ? null : excludeSocket,
        type == null || type.isEmpty() ? null : type,
        isTransient);
  }

  private static Publication command(JsonNode node) {
    String command = node.get("command").textValue();
    if (!command.equals("disconnect")) {
      return new Publication.Invalid("unknown remote command \"" + command + "\"");
    }
    JsonNode payload = node.path("payload");
    String identifiers = text(payload.get("identifier"));
    if (identifiers == null) {
      return new Publication.Invalid("remote disconnect without payload.identifier");
    }
    return new Publication.RemoteDisconnect(identifiers, payload.path("reconnect").asBoolean(false));
  }

  private static boolean nonEmptyText(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
