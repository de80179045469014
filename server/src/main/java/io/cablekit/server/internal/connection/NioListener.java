package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.nio.HttpHead;
import io.cablekit.server.internal.nio.HttpHeadParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The NIO transport's listener (docs/design-nio-transport.md): one selector thread accepts
 * connections, reads request heads, upgrades cable paths to {@link NioWsConnection}s and relays
 * every other HTTP request to Helidon's internal listener. An idle WebSocket connection holds no
 * thread and no buffer: reads go through one buffer shared by the loop.
 */
public final class NioListener implements AutoCloseable, NioWsConnection.Loop {
  private static final System.Logger LOG = System.getLogger(NioListener.class.getName());
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private final long headTimeoutNanos;
  private final long sweepEveryNanos;

  private final Node node;
  private final Handshake handshake;
  private final InetSocketAddress helidon;
  private final String inspectionBase;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread loop;
  private volatile boolean running = true;

  private NioListener(Node node, InetSocketAddress bind, InetSocketAddress helidon, String inspectionBase)
      throws IOException {
    this.node = node;
    this.handshake = new Handshake(node);
    this.helidon = helidon;
    this.inspectionBase = inspectionBase;
    this.headTimeoutNanos = node.config().headTimeout().toNanos();
    this.sweepEveryNanos = Math.min(java.util.concurrent.TimeUnit.SECONDS.toNanos(1), Math.max(1_000_000L, headTimeoutNanos / 4));
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(bind, 1024);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.loop = Thread.ofPlatform().daemon().name("cablekit-nio-loop").start(this::run);
  }

  /**
   * Listens on {@code bind}; requests that are not cable upgrades go to {@code helidon}.
   *
   * @param inspectionBase the inspection API's path prefix, which only loopback clients may use
   *     unless it is public (Helidon sees every relayed client as loopback)
   */
  public static NioListener start(Node node, InetSocketAddress bind, InetSocketAddress helidon, String inspectionBase)
      throws IOException {
    return new NioListener(node, bind, helidon, inspectionBase);
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  // ---- the loop ----

  private void run() {
    long nextSweep = System.nanoTime() + sweepEveryNanos;
    while (running) {
      try {
        selector.select(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(sweepEveryNanos)));
        long now = System.nanoTime();
        if (now - nextSweep >= 0) {
          nextSweep = now + sweepEveryNanos;
          dropSlowHeads(now);
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          try {
            handle(key);
          } catch (CancelledKeyException e) {
            // closed meanwhile
          }
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          LOG.log(System.Logger.Level.ERROR, "NIO loop failed", e);
        }
      }
    }
  }

  private void handle(SelectionKey key) throws IOException {
    if (key.isAcceptable()) {
      accept();
      return;
    }
    Object attachment = key.attachment();
    if (attachment instanceof Head head) {
      head.readable(key);
    } else if (attachment instanceof NioWsConnection ws) {
      if (key.isWritable()) {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        ws.writableNow();
      }
      if (key.isValid() && key.isReadable()) {
        read(key, ws);
      }
    } else if (attachment instanceof Relay.Side side) {
      side.ready(key);
    }
  }

  /**
   * Connections that have not sent a whole request head in time are answered 408 and closed
   * (slowloris); relayed connections idle that long are closed.
   */
  private void dropSlowHeads(long now) {
    for (SelectionKey key : selector.keys()) {
      if (!key.isValid()) {
        continue;
      }
      if (key.attachment() instanceof Head head && now - head.acceptedAt > headTimeoutNanos) {
        answer(key, head.channel, 408, "the request head did not arrive in time");
      } else if (key.attachment() instanceof Relay.Side side && side.relay().idleFor(now) > headTimeoutNanos) {
        side.relay().close();
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.register(selector, SelectionKey.OP_READ, new Head(channel));
    }
  }

  private void read(SelectionKey key, NioWsConnection ws) {
    readBuffer.clear();
    int n;
    try {
      n = ws.channel().read(readBuffer);
    } catch (IOException e) {
      key.cancel();
      ws.readEnded(e);
      return;
    }
    if (n < 0) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
      ws.readEnded(null);
      return;
    }
    readBuffer.flip();
    ws.bytesRead(readBuffer);
  }

  /** A connection whose request head is still arriving. */
  private final class Head {
    private final SocketChannel channel;
    private final HttpHeadParser parser = new HttpHeadParser(MAX_HEAD_BYTES);
    private final long acceptedAt = System.nanoTime();

    Head(SocketChannel channel) {
      this.channel = channel;
    }

    void readable(SelectionKey key) {
      readBuffer.clear();
      int n;
      try {
        n = channel.read(readBuffer);
      } catch (IOException e) {
        closeQuietly(key, channel);
        return;
      }
      if (n < 0) {
        closeQuietly(key, channel);
        return;
      }
      readBuffer.flip();
      HttpHeadParser.Result result = parser.feed(readBuffer);
      switch (result.kind()) {
        case NEED_MORE -> {}
        case ERROR -> answer(key, channel, result.status(), result.reason());
        case DONE -> route(key, parser.head());
      }
    }

    private void route(SelectionKey key, HttpHead head) {
      boolean upgrade = head.hasToken("Upgrade", "websocket") && head.hasToken("Connection", "upgrade");
      if (upgrade && handshake.matches(head.path())) {
        upgrade(key, head);
      } else if (head.path().startsWith(inspectionBase) && !node.config().inspectPublic() && !loopback(channel)) {
        answer(key, channel, 403, "the inspection API answers loopback clients only");
      } else {
        Relay.start(NioListener.this, selector, key, channel, head, readBuffer, helidon, peer(channel));
      }
    }

    private void upgrade(SelectionKey key, HttpHead head) {
      Handshake.Accepted accepted;
      try {
        accepted =
            handshake.accept(
                new Handshake.Request(head.method(), head.path(), head.rawQuery(), head::all, false, peer(channel)));
      } catch (Handshake.Refused refused) {
        answer(key, channel, refused.status(), refused.getMessage());
        return;
      }
      if (!writeAll(channel, accepted.response().getBytes(StandardCharsets.US_ASCII))) {
        closeQuietly(key, channel);
        return;
      }
      NioWsConnection ws = new NioWsConnection(node, channel, NioListener.this, accepted);
      key.attach(ws);
      ws.open();
      if (readBuffer.hasRemaining()) {
        ws.bytesRead(readBuffer); // frames sent right behind the request
      }
    }
  }

  // ---- NioWsConnection.Loop ----

  @Override
  public void readInterest(NioWsConnection connection, boolean on) {
    execute(() -> {
      SelectionKey key = connection.channel().keyFor(selector);
      if (key != null && key.isValid()) {
        key.interestOps(on ? key.interestOps() | SelectionKey.OP_READ : key.interestOps() & ~SelectionKey.OP_READ);
      }
    });
  }

  @Override
  public void writeInterest(NioWsConnection connection) {
    execute(() -> {
      SelectionKey key = connection.channel().keyFor(selector);
      if (key != null && key.isValid()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      } else {
        connection.writableNow();
      }
    });
  }

  @Override
  public void closeChannel(NioWsConnection connection) {
    try {
      connection.channel().close();
    } catch (IOException e) {
      // closing anyway
    }
    selector.wakeup();
  }

  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  // ---- helpers ----

  /** Answers a plain HTTP error and closes (a refused upgrade, a malformed head). */
  static void answer(SelectionKey key, SocketChannel channel, int status, String message) {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    writeAll(channel, all);
    closeQuietly(key, channel);
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 431 -> "Request Header Fields Too Large";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Error";
    };
  }

  /** Writes a small message on a fresh connection; false when the socket would not take it. */
  static boolean writeAll(SocketChannel channel, byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      for (int spins = 0; buffer.hasRemaining() && spins < 1000; spins++) {
        if (channel.write(buffer) == 0) {
          Thread.onSpinWait();
        }
      }
    } catch (IOException e) {
      return false;
    }
    return !buffer.hasRemaining();
  }

  static void closeQuietly(SelectionKey key, SocketChannel channel) {
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static boolean loopback(SocketChannel channel) {
    try {
      return channel.getRemoteAddress() instanceof InetSocketAddress inet
          && inet.getAddress() != null
          && inet.getAddress().isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static String peer(SocketChannel channel) {
    try {
      if (channel.getRemoteAddress() instanceof InetSocketAddress inet) {
        InetAddress address = inet.getAddress();
        return address != null ? address.getHostAddress() : inet.getHostString();
      }
    } catch (IOException e) {
      // unknown
    }
    return "";
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    selector.wakeup();
    try {
      loop.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      if (key.channel() instanceof SocketChannel channel) {
        closeQuietly(key, channel);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
