package io.cablekit.protocol;

/**
 * Builds the frames the server itself generates (PROTOCOL.md 3.2), with the exact key order of
 * the reference server. RPC transmissions are never built here: they are forwarded verbatim.
 */
public final class ServerFrames {
  private static final String PONG = "{\"type\":\"pong\"}";

  private ServerFrames() {}

  /** {@code {"type":"welcome","sid":"<sid>"}}. */
  public static String welcome(String sid) {
    StringBuilder out = new StringBuilder(48).append("{\"type\":\"welcome\",\"sid\":");
    Json.appendQuoted(out, sid);
    return out.append('}').toString();
  }

  /**
   * {@code {"type":"welcome","sid":"<sid>","restored":true,"restored_ids":[...]}}: a session of
   * the extended protocol restored from its previous sid (PROTOCOL.md 3.6.4).
   */
  public static String welcomeRestored(String sid, java.util.List<String> restoredIds) {
    StringBuilder out = new StringBuilder(64).append("{\"type\":\"welcome\",\"sid\":");
    Json.appendQuoted(out, sid);
    out.append(",\"restored\":true,\"restored_ids\":[");
    for (int i = 0; i < restoredIds.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Json.appendQuoted(out, restoredIds.get(i));
    }
    return out.append("]}").toString();
  }

  /** {@code {"type":"ping","message":<timestamp>}}. */
  public static String ping(long timestamp) {
    return "{\"type\":\"ping\",\"message\":" + timestamp + "}";
  }

  /** {@code {"type":"pong"}}, the answer to a client {@code ping} command. */
  public static String pong() {
    return PONG;
  }

  /** {@code {"type":"disconnect","reason":"<reason>","reconnect":<bool>}}. */
  public static String disconnect(String reason, boolean reconnect) {
    StringBuilder out = new StringBuilder(64).append("{\"type\":\"disconnect\",\"reason\":");
    Json.appendQuoted(out, reason);
    return out.append(",\"reconnect\":").append(reconnect).append('}').toString();
  }

  /** {@code {"type":"confirm_subscription","identifier":"<id>"}}. */
  public static String confirmSubscription(String identifier) {
    return typed("confirm_subscription", identifier);
  }

  /** {@code {"type":"reject_subscription","identifier":"<id>"}}. */
  public static String rejectSubscription(String identifier) {
    return typed("reject_subscription", identifier);
  }

  private static String typed(String type, String identifier) {
    StringBuilder out = new StringBuilder(64).append("{\"type\":\"").append(type);
    out.append("\",\"identifier\":");
    Json.appendQuoted(out, identifier);
    return out.append('}').toString();
  }

  /**
   * A broadcast delivered to one subscription: {@code {"identifier":"<id>","message":<value>}},
   * or with {@code "type"} first when the publication set {@code meta.broadcast_type}.
   *
   * @param message the message value as JSON text (see {@link #messageValue(String)})
   */
  public static String channelMessage(String identifier, String message, String type) {
    return channelMessage(identifier, message, type, null, null, 0);
  }

  /**
   * A broadcast delivered with its stream position (PROTOCOL.md 3.6.1), as a server with a broker
   * sends every stored message: {@code {"identifier":..,"message":..,"stream_id":..,"epoch":..,
   * "offset":..}}.
   *
   * @param streamId the stream, or null to send no position
   */
  public static String channelMessage(
      String identifier, String message, String type, String streamId, String epoch, long offset) {
    StringBuilder out = new StringBuilder(identifier.length() + message.length() + 40).append('{');
    if (type != null && !type.isEmpty()) {
      out.append("\"type\":");
      Json.appendQuoted(out, type);
      out.append(',');
    }
    out.append("\"identifier\":");
    Json.appendQuoted(out, identifier);
    out.append(",\"message\":").append(message);
    if (streamId != null) {
      out.append(",\"stream_id\":");
      Json.appendQuoted(out, streamId);
      out.append(",\"epoch\":");
      Json.appendQuoted(out, epoch);
      out.append(",\"offset\":").append(offset);
    }
    return out.append('}').toString();
  }

  /**
   * The data of a presence event broadcast to a presence stream (PROTOCOL.md 3.6.6): {@code
   * {"type":"join","info":<info>,"id":"<pid>"}} or {@code {"type":"leave","id":"<pid>"}}.
   *
   * @param info the info as JSON text, or null for a leave
   */
  public static String presenceEvent(String event, String presenceId, String info) {
    StringBuilder out = new StringBuilder(64).append("{\"type\":");
    Json.appendQuoted(out, event);
    if (info != null) {
      out.append(",\"info\":").append(info);
    }
    out.append(",\"id\":");
    Json.appendQuoted(out, presenceId);
    return out.append('}').toString();
  }

  /**
   * The answer to a presence request: {@code {"type":"presence","identifier":..,"message":
   * {"type":"info","total":N,"records":[{"id":..,"info":..}]}}}; records only when asked for.
   *
   * @param records (id, info JSON text) pairs, or null to leave them out
   */
  public static String presenceInfo(String identifier, int total, java.util.List<String[]> records) {
    StringBuilder out = new StringBuilder(96).append("{\"type\":\"presence\",\"identifier\":");
    Json.appendQuoted(out, identifier);
    out.append(",\"message\":{\"type\":\"info\",\"total\":").append(total);
    if (records != null) {
      out.append(",\"records\":[");
      for (int i = 0; i < records.size(); i++) {
        out.append(i > 0 ? ",{\"id\":" : "{\"id\":");
        Json.appendQuoted(out, records.get(i)[0]);
        out.append(",\"info\":").append(records.get(i)[1]).append('}');
      }
      out.append(']');
    }
    return out.append("}}").toString();
  }

  /** A presence request that cannot be answered: {@code message} {@code {"type":"error","total":0}}. */
  public static String presenceError(String identifier) {
    StringBuilder out = new StringBuilder(96).append("{\"type\":\"presence\",\"identifier\":");
    Json.appendQuoted(out, identifier);
    return out.append(",\"message\":{\"type\":\"error\",\"total\":0}}").toString();
  }

  /** {@code {"type":"confirm_history","identifier":"<id>"}}. */
  public static String confirmHistory(String identifier) {
    return typed("confirm_history", identifier);
  }

  /** {@code {"type":"reject_history","identifier":"<id>"}}. */
  public static String rejectHistory(String identifier) {
    return typed("reject_history", identifier);
  }

  /**
   * Returns the JSON text of a broadcast's {@code message} for publication data (PROTOCOL.md
   * 3.2): the data itself when it is one JSON value other than null, else the data as a JSON
   * string. Never encodes twice.
   */
  public static String messageValue(String data) {
    String json = Json.asJsonValue(data);
    return json != null ? json : Json.quote(data == null ? "" : data);
  }
}
