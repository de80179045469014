package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.time.Instant;

/**
 * One text frame a socket received.
 *
 * @param seq its position in the socket's log, from 0
 * @param at when it arrived
 * @param text the frame as received
 * @param json the parsed frame, or a missing node when it is not JSON
 */
record Frame(long seq, Instant at, String text, JsonNode json) {
  static Frame of(long seq, Instant at, String text) {
    return new Frame(seq, at, text, Json.readOrMissing(text));
  }

  /** The {@code type} field, or empty. */
  String type() {
    return json.path("type").asText("");
  }

  /** The {@code identifier} field, or empty. */
  String identifier() {
    return json.path("identifier").asText("");
  }

  boolean isPing() {
    return type().equals("ping");
  }

  /** A broadcast or transmission for a subscription: an identifier and a message. */
  boolean isChannelMessage() {
    return json.has("identifier") && json.has("message") && !type().equals("presence");
  }

  /** The {@code message} of a channel message, or a missing node. */
  JsonNode message() {
    return json.path("message");
  }
}
