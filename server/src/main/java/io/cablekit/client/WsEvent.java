package io.cablekit.client;

/** Something that arrived on a {@link WebSocketClient}, in arrival order. */
public sealed interface WsEvent {
  /** A complete text message. */
  record Text(String text) implements WsEvent {}

  /** A complete binary message. */
  record Binary(byte[] bytes) implements WsEvent {}

  /** A ping control frame (already answered with a pong). */
  record Ping(byte[] payload) implements WsEvent {}

  /** A pong control frame. */
  record Pong(byte[] payload) implements WsEvent {}

  /**
   * The connection ended.
   *
   * @param code the code of the server's close frame, or 1006 when the connection dropped without
   *     one (1005 when the frame carried no code)
   * @param reason the close reason, or empty
   * @param byServer whether the server sent a close frame first
   */
  record Closed(int code, String reason, boolean byServer) implements WsEvent {}
}
