package io.cablekit.server;

import java.util.Objects;

/**
 * One publication to a stream (PROTOCOL.md 4.1): {@code data} is the text delivered as the
 * message (parsed as JSON when it is JSON, else sent as a string).
 *
 * @param stream the stream name, never empty
 * @param data the payload text, usually JSON
 * @param excludeSocket sid of a session that must not receive it, or null
 * @param type value of {@code meta.broadcast_type}, set as {@code "type"} on delivered frames, or
 *     null
 * @param isTransient {@code meta.transient}: not stored in history
 */
public record Broadcast(
    String stream, String data, String excludeSocket, String type, boolean isTransient) {
  public Broadcast {
    Objects.requireNonNull(stream, "stream");
    if (stream.isEmpty()) {
      throw new IllegalArgumentException("stream must not be empty");
    }
    data = data == null ? "" : data;
  }

  /** A plain publication with no meta. */
  public static Broadcast of(String stream, String data) {
    return new Broadcast(stream, data, null, null, false);
  }

  /** Returns a copy that skips the session with this sid. */
  public Broadcast excluding(String sid) {
    return new Broadcast(stream, data, sid, type, isTransient);
  }
}
