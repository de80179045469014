package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.client.WsEvent;
import io.cablekit.protocol.Json;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns what sockets receive into lines: time, socket name, channel, then the JSON (on one line
 * when it fits, indented otherwise, and always on one line in plain mode). Pings are hidden unless
 * shown on request.
 */
final class Renderer {
  static final AttributedStyle TIME = AttributedStyle.DEFAULT.faint();
  static final AttributedStyle SOCKET = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN).bold();
  static final AttributedStyle CHANNEL = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  static final AttributedStyle GOOD = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final boolean terminal;
  private final IntSupplier width;
  private volatile boolean pings;

  /**
   * @param terminal whether lines go to an interactive terminal (JSON may span lines there)
   * @param width the terminal width, for deciding when JSON no longer fits on one line
   */
  Renderer(boolean terminal, IntSupplier width) {
    this.terminal = terminal;
    this.width = width;
  }

  void showPings(boolean show) {
    pings = show;
  }

  boolean showsPings() {
    return pings;
  }

  /** The line for a frame, or null when it is hidden (a ping while pings are hidden). */
  AttributedString frame(CableSocket socket, Frame frame) {
    if (frame.isPing() && !pings) {
      return null;
    }
    AttributedStringBuilder out = header(socket, frame);
    JsonNode json = frame.json();
    if (json.isMissingNode()) {
      return out.append(frame.text()).toAttributedString();
    }
    switch (frame.type()) {
      case "welcome" -> {
        out.styled(GOOD, "welcome").append(" sid=").append(json.path("sid").asText());
        if (json.path("restored").asBoolean()) {
          out.append(" (restored ").append(json.path("restored_ids").toString()).append(")");
        }
      }
      case "ping" -> out.styled(TIME, "ping " + json.path("message").asText());
      case "confirm_subscription" -> out.styled(GOOD, "subscribed");
      case "reject_subscription" -> out.styled(BAD, "subscription rejected");
      case "confirm_history" -> out.styled(GOOD, "history confirmed");
      case "reject_history" -> out.styled(BAD, "history rejected");
      case "disconnect" -> out.styled(BAD, "disconnect").append(": reason ")
          .append(Json.quote(json.path("reason").asText(""))).append(", reconnect ").append(json.path("reconnect").asText());
      default -> body(out, frame.isChannelMessage() ? frame.message() : json, frame);
    }
    return out.toAttributedString();
  }

  private AttributedStringBuilder header(CableSocket socket, Frame frame) {
    AttributedStringBuilder out = new AttributedStringBuilder();
    out.styled(TIME, CLOCK.format(frame.at())).append(' ').styled(SOCKET, socket.name()).append(' ');
    if (!frame.identifier().isEmpty()) {
      out.styled(CHANNEL, channelLabel(frame.identifier())).append(' ');
    }
    return out;
  }

  private void body(AttributedStringBuilder out, JsonNode value, Frame frame) {
    if (!terminal) {
      out.append(value.toString());
    } else {
      AttributedStringBuilder one = new AttributedStringBuilder();
      JsonStyle.append(one, value, false, 0);
      boolean fits = out.columnLength() + one.columnLength() <= Math.max(40, width.getAsInt() - 1);
      if (fits) {
        out.append(one);
      } else {
        JsonStyle.append(out, value, true, 2);
      }
    }
    if (frame.isChannelMessage() && frame.json().hasNonNull("stream_id")) {
      out.styled(TIME, "  (stream " + frame.json().path("stream_id").asText() + ", epoch "
          + frame.json().path("epoch").asText() + ", offset " + frame.json().path("offset").asText() + ")");
    }
  }

  /** The line for the end of a connection. */
  AttributedString closed(CableSocket socket, WsEvent.Closed closed) {
    return new AttributedStringBuilder()
        .styled(TIME, CLOCK.format(java.time.Instant.now())).append(' ').styled(SOCKET, socket.name()).append(' ')
        .styled(BAD, closeReason(socket, closed)).toAttributedString();
  }

  /** How a connection ended, with the server's disconnect reason when it sent one. */
  static String closeReason(CableSocket socket, WsEvent.Closed closed) {
    Frame disconnect = socket.disconnectFrame();
    String code = "close code " + closed.code() + (closed.reason().isEmpty() ? "" : " " + Json.quote(closed.reason()));
    if (disconnect != null) {
      return "disconnected by the server: reason " + Json.quote(disconnect.json().path("reason").asText(""))
          + ", reconnect " + disconnect.json().path("reconnect").asText() + " (" + code + ")";
    }
    if (closed.code() == 1006) {
      return "connection dropped (no close frame, code 1006)";
    }
    return (closed.byServer() ? "closed by the server (" : "closed (") + code + ")";
  }

  /** {@code ChatChannel room=1} for {@code {"channel":"ChatChannel","room":"1"}}; else the identifier. */
  static String channelLabel(String identifier) {
    JsonNode id;
    try {
      id = Json.MAPPER.readTree(identifier);
    } catch (Exception e) {
      return identifier;
    }
    if (id == null || !id.isObject() || !id.path("channel").isTextual()) {
      return identifier;
    }
    StringBuilder out = new StringBuilder(id.path("channel").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = id.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("channel")) {
        out.append(' ').append(e.getKey()).append('=').append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
      }
    }
    return out.toString();
  }
}
