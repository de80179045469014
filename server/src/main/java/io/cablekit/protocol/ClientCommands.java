package io.cablekit.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.ClientCommand.Message;
import io.cablekit.protocol.ClientCommand.Ping;
import io.cablekit.protocol.ClientCommand.Pong;
import io.cablekit.protocol.ClientCommand.Subscribe;
import io.cablekit.protocol.ClientCommand.Unknown;
import io.cablekit.protocol.ClientCommand.Unsubscribe;
import java.util.LinkedHashMap;
import java.util.Map;

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
      case "subscribe" -> new Subscribe(identifier, historyRequest(root, false));
      case "history" -> new ClientCommand.History(identifier, historyRequest(root, true));
      case "whisper" -> new ClientCommand.Whisper(identifier, jsonText(root.get("data")));
      case "join" -> {
        JsonNode presence = presence(root);
        yield new ClientCommand.Join(identifier, presenceId(presence), jsonText(presence.get("info")));
      }
      case "leave" -> new ClientCommand.Leave(identifier, presenceId(presence(root)));
      case "presence" -> new ClientCommand.PresenceInfo(identifier, returnRecords(root.get("data")));
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

  /**
   * The {@code history} object (PROTOCOL.md 3.6.2), or null when absent and not required; an
   * absent one of a {@code history} command is an empty request, which the server rejects.
   *
   * @throws MalformedFrameException when a field has the wrong type, as anycable-go fails to
   *     decode such a frame
   */
  private static ClientCommand.HistoryRequest historyRequest(JsonNode root, boolean required)
      throws MalformedFrameException {
    JsonNode history = root.get("history");
    if (history == null || history.isNull()) {
      return required ? new ClientCommand.HistoryRequest(0, Map.of()) : null;
    }
    if (!history.isObject()) {
      throw new MalformedFrameException("\"history\" must be an object, got " + history.getNodeType());
    }
    long since = 0;
    JsonNode sinceNode = history.get("since");
    if (sinceNode != null && !sinceNode.isNull()) {
      if (!sinceNode.isIntegralNumber() || !sinceNode.canConvertToLong()) {
        throw new MalformedFrameException("\"history.since\" must be an integer (Unix seconds), got " + sinceNode);
      }
      since = sinceNode.longValue();
    }
    Map<String, ClientCommand.StreamPosition> streams = new LinkedHashMap<>();
    JsonNode streamsNode = history.get("streams");
    if (streamsNode != null && !streamsNode.isNull()) {
      if (!streamsNode.isObject()) {
        throw new MalformedFrameException("\"history.streams\" must be an object, got " + streamsNode.getNodeType());
      }
      for (Map.Entry<String, JsonNode> e : streamsNode.properties()) {
        JsonNode position = e.getValue();
        JsonNode epoch = position.get("epoch");
        JsonNode offset = position.get("offset");
        if (!position.isObject()
            || (epoch != null && !epoch.isNull() && !epoch.isTextual())
            || (offset != null && !offset.isNull() && !(offset.isIntegralNumber() && offset.canConvertToLong()))) {
          throw new MalformedFrameException(
              "\"history.streams\" entries must be {\"epoch\":<string>,\"offset\":<integer>}, got "
                  + e.getKey() + ": " + position);
        }
        streams.put(
            e.getKey(),
            new ClientCommand.StreamPosition(
                epoch == null ? "" : epoch.asText(""), offset == null ? 0 : offset.longValue()));
      }
    }
    return new ClientCommand.HistoryRequest(since, streams);
  }

  private static JsonNode presence(JsonNode root) throws MalformedFrameException {
    JsonNode presence = root.get("presence");
    if (presence == null || presence.isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!presence.isObject()) {
      throw new MalformedFrameException("\"presence\" must be an object, got " + presence.getNodeType());
    }
    return presence;
  }

  private static String presenceId(JsonNode presence) throws MalformedFrameException {
    JsonNode id = presence.get("id");
    if (id == null || id.isNull()) {
      return "";
    }
    if (!id.isTextual()) {
      throw new MalformedFrameException("\"presence.id\" must be a string, got " + id.getNodeType());
    }
    return id.textValue();
  }

  /** {@code data.return_records} of a presence request; data may be an object or its JSON text. */
  private static boolean returnRecords(JsonNode data) throws MalformedFrameException {
    if (data == null || data.isNull()) {
      return false;
    }
    if (data.isTextual()) {
      try {
        data = Json.MAPPER.readTree(data.textValue());
      } catch (JsonProcessingException e) {
        throw new MalformedFrameException("presence data is not JSON: " + e.getOriginalMessage());
      }
    }
    return data != null && data.path("return_records").asBoolean(false);
  }

  private static String jsonText(JsonNode node) {
    return node == null || node.isMissingNode() ? "null" : node.toString();
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
      case Subscribe s -> {
        identifier(out, s.identifier());
        if (s.history() != null) {
          out.append(",\"history\":");
          history(out, s.history());
        }
      }
      case ClientCommand.History h -> {
        identifier(out, h.identifier());
        out.append(",\"history\":");
        history(out, h.history());
      }
      case ClientCommand.Whisper w -> {
        identifier(out, w.identifier());
        out.append(",\"data\":").append(w.data());
      }
      case ClientCommand.Join j -> {
        identifier(out, j.identifier());
        out.append(",\"presence\":{\"id\":");
        Json.appendQuoted(out, j.presenceId());
        out.append(",\"info\":").append(j.info()).append('}');
      }
      case ClientCommand.Leave l -> {
        identifier(out, l.identifier());
        out.append(",\"presence\":{\"id\":");
        Json.appendQuoted(out, l.presenceId());
        out.append('}');
      }
      case ClientCommand.PresenceInfo p -> {
        identifier(out, p.identifier());
        out.append(",\"data\":{\"return_records\":").append(p.returnRecords()).append('}');
      }
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

  private static void history(StringBuilder out, ClientCommand.HistoryRequest history) {
    out.append('{');
    boolean first = true;
    if (history.since() != 0) {
      out.append("\"since\":").append(history.since());
      first = false;
    }
    if (!history.streams().isEmpty()) {
      out.append(first ? "" : ",").append("\"streams\":{");
      boolean firstStream = true;
      for (Map.Entry<String, ClientCommand.StreamPosition> e : history.streams().entrySet()) {
        out.append(firstStream ? "" : ",");
        Json.appendQuoted(out, e.getKey());
        out.append(":{\"epoch\":");
        Json.appendQuoted(out, e.getValue().epoch());
        out.append(",\"offset\":").append(e.getValue().offset()).append('}');
        firstStream = false;
      }
      out.append('}');
    }
    out.append('}');
  }

  private static void identifier(StringBuilder out, String identifier) {
    out.append(",\"identifier\":");
    Json.appendQuoted(out, identifier);
  }
}
