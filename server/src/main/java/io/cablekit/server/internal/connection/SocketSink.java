package io.cablekit.server.internal.connection;

/**
 * Where an {@link Outbox} writes: the connection's socket, whatever the transport. A write blocks
 * its (virtual) thread until every byte is handed to the socket, and throws on a broken socket.
 */
@FunctionalInterface
interface SocketSink {
  void writeNow(byte[] bytes);
}
