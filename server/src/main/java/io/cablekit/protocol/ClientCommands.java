package io.cablekit.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.ClientCommand.Message;
import io.cablekit.protocol.ClientCommand.Ping;
import io.cablekit.protocol.ClientCommand.Pong;
import io.cablekit.protocol.ClientCommand.Subscribe;
import io.cablekit.protocol.ClientCommand.Unknown;
import io.cablekit.protocol.ClientCommand.Unsubscribe;

/** Encodes and decodes client commands in the JSON encoding of the Action Cable protocol. */
public final class ClientCommands {
  private ClientCommands() {}

  /**
   * Decodes one client frame.
   *
   * @throws MalformedFrameException when the text is not a JSON object, or {@code command} or
   *     {@code identifier} is present but not a string (PROTOCOL.md 3.4: "wrong field types")
   */
  public static ClientCommand decode(String text) throws MalformedFrameException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedFrameException("invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedFrameException(
          "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
    }
    String command = stringField(root, "command");
    String identifier = stringField(root, "identifier");
    if (command == null) {
      return new Unknown("", identifier);
    }
    return switch (command) {
      case "subscribe" -> new Subscribe(identifier);
      case "unsubscribe" -> new Unsubscribe(identifier);
      case "message" -> message(identifier, root.get("data"));
      case "ping" -> new Ping();
      case "pong" -> new Pong();
      default -> new Unknown(command, identifier);
    };
  }

  private static Message message(String identifier, JsonNode data) {
    if (data != null && data.isTextual()) {
      return new Message(identifier, data.textValue());
    }
    String problem =
        data == null || data.isMissingNode()
            ? "perform data is missing"
            : "perform data must be a string, got " + data.getNodeType();
    return new Message(identifier, null, problem);
  }

  private static String stringField(JsonNode root, String name) throws MalformedFrameException {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new MalformedFrameException(
          "\"" + name + "\" must be a string, got " + node.getNodeType());
    }
    return node.textValue();
  }

  /** Encodes a command as the JSON text a client sends. */
  public static String encode(ClientCommand command) {
    StringBuilder out = new StringBuilder(64).append("{\"command\":");
    Json.appendQuoted(out, command.command());
    switch (command) {
      case Subscribe s -> identifier(out, s.identifier());
      case Unsubscribe u -> identifier(out, u.identifier());
      case Message m -> {
        identifier(out, m.identifier());
        out.append(",\"data\":");
        Json.appendQuoted(out, m.data() == null ? "" : m.data());
      }
      case Unknown u -> {
        if (u.identifier() != null) {
          identifier(out, u.identifier());
        }
      }
      case Ping p -> {}
      case Pong p -> {}
    }
    return out.append('}').toString();
  }

  private static void identifier(StringBuilder out, String identifier) {
    out.append(",\"identifier\":");
    Json.appendQuoted(out, identifier);
  }
}
