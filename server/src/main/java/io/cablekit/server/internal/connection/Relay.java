package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.nio.HttpHead;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    /** For the client: request body bytes still to pass on; nothing past them is ever read. */
    long bodyLeft = Long.MAX_VALUE;

    Side(SocketChannel channel, ByteBuffer pending) {
      this.channel = channel;
      this.pending = pending;
    }

    Relay relay() {
      return Relay.this;
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
  /** When bytes last moved either way, for {@link #idleSince}. */
  private long lastActivity = System.nanoTime();

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
    // exactly one request goes on: its head, then Content-Length body bytes; pipelined requests
    // behind it never reach Helidon, which would take them for a loopback client's
    if (head.has("Transfer-Encoding")) {
      NioListener.answer(clientKey, clientChannel, 411,
          "send request bodies with Content-Length: the main port relays no chunked requests");
      return;
    }
    long bodyLength;
    try {
      List<String> lengths = head.all("Content-Length");
      bodyLength = lengths.isEmpty() ? 0 : Long.parseLong(lengths.get(0).strip());
      if (bodyLength < 0 || lengths.stream().anyMatch(l -> !l.strip().equals(lengths.get(0).strip()))) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      NioListener.answer(clientKey, clientChannel, 400, "invalid Content-Length");
      return;
    }
    byte[] headBytes = forwardedHead(head);
    int fromRest = (int) Math.min(rest.remaining(), bodyLength);
    ByteBuffer first = ByteBuffer.allocate(Math.max(BUFFER, headBytes.length + fromRest));
    first.put(headBytes).put(rest.slice(rest.position(), fromRest)).flip();
    rest.position(rest.limit());
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
    relay.client.bodyLeft = bodyLength - fromRest;
    try {
      relay.client.key = clientKey;
      clientKey.attach(relay.client);
      clientKey.interestOps(relay.client.bodyLeft > 0 ? SelectionKey.OP_READ : 0);
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

  /**
   * Nanoseconds since bytes last moved. Helidon answers {@code Connection: close} but leaves the
   * closing to the client; a client that never closes is dropped after the head timeout.
   */
  long idleFor(long now) {
    return now - lastActivity;
  }

  void close() {
    closeBoth();
  }

  /** Reads what {@code from} has into the other side's pending bytes and writes them on. */
  private void read(Side from) throws IOException {
    lastActivity = System.nanoTime();
    Side to = from.other;
    to.pending.compact();
    int n;
    try {
      if (from.bodyLeft < to.pending.remaining()) {
        to.pending.limit(to.pending.position() + (int) from.bodyLeft);
      }
      n = from.channel.read(to.pending);
    } finally {
      to.pending.flip();
    }
    if (n > 0 && from.bodyLeft != Long.MAX_VALUE) {
      from.bodyLeft -= n;
    }
    if (n == 0 && to.pending.limit() == to.pending.capacity()) {
      // no room left until the other side takes some: stop reading this side meanwhile
      from.key.interestOps(from.key.interestOps() & ~SelectionKey.OP_READ);
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
      // the client is read only while its request body lasts
      int read = from.bodyLeft > 0 ? SelectionKey.OP_READ : 0;
      from.key.interestOps((from.key.interestOps() & ~SelectionKey.OP_READ) | read);
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
