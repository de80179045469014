package io.cablekit.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Something the server did that tests and tools may observe through the {@link CableJournal}. */
public sealed interface JournalEvent {
  /** When it happened. */
  Instant at();

  /**
   * A publication accepted for delivery.
   *
   * @param source where it came from: {@code api}, {@code http}, {@code redis}, ...
   */
  record Published(Instant at, Broadcast broadcast, String source) implements JournalEvent {}

  /**
   * An RPC reply a session received and what applying it changed.
   *
   * @param method {@code connect}, {@code command} or {@code disconnect}
   * @param command for Command: {@code subscribe}, {@code unsubscribe} or {@code message}
   * @param identifier for Command: the channel identifier
   * @param data for a {@code message} command: the data sent
   * @param status {@code SUCCESS}, {@code FAILURE} or {@code ERROR}
   * @param cstate what the reply did to the connection state
   * @param istate what the reply did to the channel state of {@code identifier}
   * @param streamsAdded streams subscribed by the reply
   * @param streamsRemoved streams unsubscribed by the reply
   * @param transmissions the frames the reply sent to the client
   * @param disconnect whether the reply closed the connection
   * @param errorMsg {@code error_msg}, or empty
   */
  record RpcReply(
      Instant at,
      String sid,
      String method,
      String command,
      String identifier,
      String data,
      String status,
      StateDiff cstate,
      StateDiff istate,
      List<String> streamsAdded,
      List<String> streamsRemoved,
      List<String> transmissions,
      boolean disconnect,
      String errorMsg)
      implements JournalEvent {
    public RpcReply {
      streamsAdded = List.copyOf(streamsAdded);
      streamsRemoved = List.copyOf(streamsRemoved);
      transmissions = List.copyOf(transmissions);
    }
  }

  /** A WebSocket session was opened (before Connect). */
  record SessionOpened(Instant at, String sid, String url, Map<String, String> headers)
      implements JournalEvent {}

  /**
   * A session ended.
   *
   * @param code the close code sent or received
   * @param reason the close reason
   */
  record SessionClosed(Instant at, String sid, String identifiers, int code, String reason)
      implements JournalEvent {}
}
