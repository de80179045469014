package io.cablekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.time.Instant;

/**
 * One text frame a test client received, with its JSON parsed.
 *
 * @param seq position among the frames of its client, from 1
 * @param at when it arrived
 * @param text the frame exactly as received
 */
public record Frame(long seq, Instant at, String text, JsonNode json) {
  static Frame of(long seq, Instant at, String text) {
    return new Frame(seq, at, text, Json.readOrMissing(text));
  }

  /** {@code type}, or empty for channel messages. */
  public String type() {
    return json.path("type").asText("");
  }

  /** {@code identifier}, or empty. */
  public String identifier() {
    return json.path("identifier").asText("");
  }

  /** {@code message}: the payload of a channel message (or a ping's timestamp). */
  public JsonNode message() {
    return json.path("message");
  }

  /** Whether this is a server ping. */
  public boolean isPing() {
    return type().equals("ping");
  }

  /** Whether this is a channel message (broadcast or transmission) for {@code identifier}. */
  public boolean isMessageFor(String id) {
    return identifier().equals(id) && json.has("message") && (type().isEmpty() || !isControl());
  }

  private boolean isControl() {
    return switch (type()) {
      case "confirm_subscription", "reject_subscription", "welcome", "disconnect", "ping", "confirm_history", "reject_history" -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
