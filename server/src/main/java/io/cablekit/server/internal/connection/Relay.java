package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.nio.HttpHead;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Relays one plain HTTP request from the NIO listener to Helidon's internal listener and its
 * response back: health, metrics, the inspection API and broadcasts on the main port. The request
 * goes on with {@code Connection: close}, so each relayed connection carries exactly the one
 * request whose head the listener read (and checked). Runs on the selector thread.
 */
final class Relay {
  private static final int BUFFER = 16 * 1024;
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "upgrade", "proxy-connection");

  /** One end of the relay, attached to its channel's key. */
  final class Side {
    final SocketChannel channel;
    /** Bytes read from the other end, waiting to be written here. */
    final ByteBuffer pending;
    SelectionKey key;
    Side other;
    boolean inputEnded;

    Side(SocketChannel channel, ByteBuffer pending) {
      this.channel = channel;
      this.pending = pending;
    }

    void ready(SelectionKey key) {
      try {
        if (key.isConnectable()) {
          if (!channel.finishConnect()) {
            return;
          }
          key.interestOps(SelectionKey.OP_READ);
          flush(this);
          return;
        }
        if (key.isWritable()) {
          flush(this);
        }
        if (key.isValid() && key.isReadable()) {
          read(this);
        }
      } catch (IOException e) {
        closeBoth();
      }
    }
  }

  private final Side client;
  private final Side upstream;

  private Relay(SocketChannel clientChannel, SocketChannel upstreamChannel, ByteBuffer firstBytes) {
    this.client = new Side(clientChannel, ByteBuffer.allocate(BUFFER).flip());
    this.upstream = new Side(upstreamChannel, firstBytes);
    client.other = upstream;
    upstream.other = client;
  }

  static void start(
      NioListener listener,
      Selector selector,
      SelectionKey clientKey,
      SocketChannel clientChannel,
      HttpHead head,
      ByteBuffer rest,
      InetSocketAddress helidon,
      String peer) {
    byte[] headBytes = forwardedHead(head);
    ByteBuffer first = ByteBuffer.allocate(Math.max(BUFFER, headBytes.length + rest.remaining()));
    first.put(headBytes).put(rest).flip();
    SocketChannel upstreamChannel;
    try {
      upstreamChannel = SocketChannel.open();
      upstreamChannel.configureBlocking(false);
      upstreamChannel.connect(helidon);
    } catch (IOException e) {
      NioListener.answer(clientKey, clientChannel, 502, "the server's HTTP listener is not reachable");
      return;
    }
    Relay relay = new Relay(clientChannel, upstreamChannel, first);
    try {
      relay.client.key = clientKey;
      clientKey.attach(relay.client);
      clientKey.interestOps(SelectionKey.OP_READ);
      relay.upstream.key = upstreamChannel.register(selector, SelectionKey.OP_CONNECT, relay.upstream);
    } catch (IOException e) {
      relay.closeBoth();
    }
  }

  /** The request line and fields, with the hop-by-hop fields replaced by {@code Connection: close}. */
  private static byte[] forwardedHead(HttpHead head) {
    StringBuilder out = new StringBuilder(512)
        .append(head.method()).append(' ').append(head.target()).append(' ').append(head.version()).append("\r\n");
    for (HttpHead.Field field : head.fields()) {
      if (!HOP_BY_HOP.contains(field.name().toLowerCase(Locale.ROOT))) {
        out.append(field.name()).append(": ").append(field.value()).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Reads what {@code from} has into the other side's pending bytes and writes them on. */
  private void read(Side from) throws IOException {
    Side to = from.other;
    to.pending.compact();
    int n;
    try {
      n = from.channel.read(to.pending);
    } finally {
      to.pending.flip();
    }
    if (n < 0) {
      from.inputEnded = true;
      from.key.interestOps(from.key.interestOps() & ~SelectionKey.OP_READ);
      if (!to.pending.hasRemaining()) {
        endOutput(to);
      }
      return;
    }
    flush(to);
  }

  /** Writes {@code to}'s pending bytes; pauses reading the other side while they do not fit. */
  private void flush(Side to) throws IOException {
    if (!to.channel.isConnected()) {
      return;
    }
    to.channel.write(to.pending);
    Side from = to.other;
    if (to.pending.hasRemaining()) {
      to.key.interestOps(to.key.interestOps() | SelectionKey.OP_WRITE);
      if (from.key != null && from.key.isValid()) {
        from.key.interestOps(from.key.interestOps() & ~SelectionKey.OP_READ);
      }
      return;
    }
    to.key.interestOps(to.key.interestOps() & ~SelectionKey.OP_WRITE);
    if (from.inputEnded) {
      endOutput(to);
    } else if (from.key != null && from.key.isValid()) {
      from.key.interestOps(from.key.interestOps() | SelectionKey.OP_READ);
    }
  }

  /** The other side sent everything it will: pass the end on, and close when both ends are done. */
  private void endOutput(Side to) throws IOException {
    if (to == client || to.other.inputEnded && to.inputEnded) {
      closeBoth();
      return;
    }
    to.channel.shutdownOutput();
  }

  private void closeBoth() {
    NioListener.closeQuietly(client.key, client.channel);
    NioListener.closeQuietly(upstream.key, upstream.channel);
  }
}
