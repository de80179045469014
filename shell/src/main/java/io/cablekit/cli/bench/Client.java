package io.cablekit.cli.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of the load generator. Owned by the selector thread of its {@link Loop}: no
 * field is touched by another thread once the connection is registered, except the volatile
 * {@link #state}.
 */
final class Client {
  static final int CONNECTING = 0;
  static final int HANDSHAKE = 1;
  static final int OPEN = 2;
  static final int SUBSCRIBING = 3;
  static final int READY = 4;
  static final int FAILED = 5;
  static final int CLOSED = 6;

  final int index;
  final boolean publisher;
  final Loop loop;
  SocketChannel channel;
  SelectionKey key;
  String wsKey;
  volatile int state = CONNECTING;
  long startedNanos;

  /** Bytes of an incomplete frame (or handshake response) left over from the last read. */
  byte[] pending;
  int pendingLength;
  /** A fragmented message being assembled; null when none. */
  java.io.ByteArrayOutputStream fragments;
  /** Output the socket did not take yet; null when none. */
  ByteBuffer out;

  Client(int index, boolean publisher, Loop loop) {
    this.index = index;
    this.publisher = publisher;
    this.loop = loop;
  }

  boolean ready() {
    return state == READY;
  }

  void keep(byte[] a, int from, int to) {
    int n = to - from;
    if (pending == null || pending.length < n) {
      pending = new byte[Math.max(256, Integer.highestOneBit(Math.max(1, n - 1)) << 1)];
    }
    System.arraycopy(a, from, pending, 0, n);
    pendingLength = n;
  }
}
