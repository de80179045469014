package io.cablekit.server.internal.connection;

/** What a {@link Pinger} needs of its connection, whatever the transport. */
interface PingTarget {
  /** Whether the client speaks the extended protocol (pongs are then expected when asked for). */
  boolean extended();

  /** No pong within the pong timeout: disconnect with {@code no_pong}. */
  void noPong();

  /** A write has been stuck longer than the write timeout: drop the connection. */
  void writeTimedOut();
}
