package io.cablekit.server.internal.session;

/** How a {@link Session} reaches its client: the WebSocket connection behind it. */
public interface SessionTransport {

  /**
   * Queues an encoded WebSocket frame for writing, without blocking. Frames queued by one thread
   * are written in order. Returns false when the connection no longer accepts frames.
   */
  boolean send(byte[] wsFrame);

  /**
   * Queues the optional {@code lastText} frame, then a close frame, and stops accepting frames.
   * Does nothing when the connection is already closing.
   */
  void close(String lastText, int code, String reason);

  /** Whether frames are still accepted. */
  boolean isOpen();

  /** The client sent a {@code pong} command (the extended protocol's keepalive answer). */
  default void pong() {}
}
