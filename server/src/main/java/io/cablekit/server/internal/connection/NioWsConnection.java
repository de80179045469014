package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.nio.WsFrameDecoder;
import io.cablekit.server.internal.session.CloseCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upgraded WebSocket connection on the NIO transport: the same contract as {@link
 * CableConnection} (Connect before any frame is handled, frames one after another, a bounded
 * outbox, the close handshake), without a thread or a buffer of its own while idle.
 *
 * <p>The selector thread decodes frames into an inbox; a virtual thread started when the inbox
 * goes from empty to non-empty handles them in order and ends when it is empty. Its first item is
 * the Connect. Writes go through the {@link Outbox}, whose writer blocks its virtual thread on a
 * full socket until the selector reports it writable.
 */
public final class NioWsConnection extends CableTransport implements WsFrameDecoder.Listener {
  private static final System.Logger LOG = System.getLogger(NioWsConnection.class.getName());
  private static final Object AUTHENTICATE = new Object();
  /** Messages waiting to be handled before the connection stops reading from its socket. */
  private static final int INBOX_HIGH_WATER = 64;

  /** What the selector loop does for a connection: interest changes and closing, on its thread. */
  public interface Loop {
    void readInterest(NioWsConnection connection, boolean on);

    void writeInterest(NioWsConnection connection);

    void closeChannel(NioWsConnection connection);
  }

  private final SocketChannel channel;
  private final Loop loop;
  private final WsFrameDecoder decoder;

  private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
  /** Items in the inbox: the queue's own size() walks it, once per frame would be too much. */
  private final AtomicInteger inboxSize = new AtomicInteger();
  private final AtomicBoolean handling = new AtomicBoolean();
  private volatile boolean readPaused;

  /** Created the first time the socket is full; most connections never need it. */
  private volatile WriteWait writeWait;

  /** A writer waiting for the selector to report room in the socket. */
  private static final class WriteWait {
    final ReentrantLock lock = new ReentrantLock();
    final Condition writable = lock.newCondition();
    boolean signalled;
  }

  private volatile boolean peerCloseSeen;
  private final AtomicBoolean finished = new AtomicBoolean();

  public NioWsConnection(Node node, SocketChannel channel, Loop loop, Handshake.Accepted accepted) {
    super(
        node,
        new Pinger.Settings(
            accepted.pingInterval(), accepted.pingPrecision(), node.clock(), node.config().pongTimeout()));
    this.channel = channel;
    this.loop = loop;
    this.decoder = new WsFrameDecoder(node.config().maxMessageSize(), this);
    this.session = accepted.session(this, node.clock().instant());
  }

  public SocketChannel channel() {
    return channel;
  }

  /** Registers the session and starts its Connect; frames read from now on wait behind it. */
  public void open() {
    node.opened(session);
    pinger.start();
    enqueue(AUTHENTICATE);
  }

  // ---- from the selector thread ----

  /** Feeds bytes read from the socket. */
  public void bytesRead(ByteBuffer bytes) {
    if (!terminated && !peerCloseSeen) {
      decoder.feed(bytes);
    }
  }

  /**
   * The socket reached end of stream or failed while reading. Like every end of input, it is
   * handled after the messages read before it, as a reader thread would.
   */
  public void readEnded(IOException failure) {
    if (failure != null) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: read failed: {1}", session, failure.toString());
    }
    enqueue((Runnable) () -> {
      if (!terminated && !outbox.sealed() && !peerCloseSeen) {
        closeCode = CloseCodes.ABNORMAL;
        closeReason = CloseCodes.READ_FAILED;
      }
      terminated = true;
      finishLater();
    });
  }

  /** The socket can take more bytes. */
  public void writableNow() {
    WriteWait wait = writeWait;
    if (wait == null) {
      return;
    }
    wait.lock.lock();
    try {
      wait.signalled = true;
      wait.writable.signalAll();
    } finally {
      wait.lock.unlock();
    }
  }

  @Override
  public void onText(byte[] payload) {
    enqueue(payload);
  }

  @Override
  public void onBinary(byte[] payload) {
    enqueue(payload); // as anycable-go, which ignores the frame type
  }

  @Override
  public void onPing(byte[] payload) {
    outbox.offer(WsFrames.pong(payload));
  }

  @Override
  public void onPong(byte[] payload) {}

  @Override
  public void onClose(int code, String reason) {
    peerCloseSeen = true;
    loop.readInterest(this, false);
    // after the messages that came before it: a command still running (an unsubscribe waiting
    // for its RPC) must finish before the session ends and its Disconnect RPC is made
    enqueue((Runnable) () -> peerClosed(code, reason));
  }

  private void peerClosed(int code, String reason) {
    answerPeerClose(code, reason);
    finishLater();
  }

  @Override
  public void onProtocolError(int code, String problem) {
    loop.readInterest(this, false);
    enqueue((Runnable) () -> protocolError(code, problem));
  }

  private void protocolError(int code, String problem) {
    if (code == CloseCodes.MESSAGE_TOO_BIG) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: message exceeds max_message_size {1}, closing",
          session,
          String.valueOf(node.config().maxMessageSize()));
      close(null, CloseCodes.MESSAGE_TOO_BIG, "Message too big");
    } else {
      LOG.log(System.Logger.Level.WARNING, "{0}: WebSocket protocol error: {1}", session, problem);
      close(null, CloseCodes.PROTOCOL_ERROR, "Protocol error");
    }
    finishLater();
  }

  // ---- handling, on virtual threads ----

  private void enqueue(Object item) {
    inbox.add(item);
    if (inboxSize.incrementAndGet() > INBOX_HIGH_WATER && !readPaused) {
      readPaused = true;
      loop.readInterest(this, false);
    }
    if (handling.compareAndSet(false, true)) {
      Thread.ofVirtual().name("cablekit-nio").start(this::handleAll);
    }
  }

  private void handleAll() {
    while (true) {
      Object item;
      while ((item = inbox.poll()) != null) {
        inboxSize.decrementAndGet();
        if (terminated && !(item instanceof Runnable)) {
          continue; // messages after the end are dropped; the end events still run
        }
        try {
          if (item == AUTHENTICATE) {
            node.sessions().connector().authenticate(session);
          } else if (item instanceof Runnable end) {
            end.run();
          } else {
            dispatch((byte[]) item);
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, session + ": connection failed", e);
          close(null, CloseCodes.INTERNAL_ERROR, "Internal error");
          finishLater();
        }
      }
      if (readPaused && !terminated && !peerCloseSeen) {
        readPaused = false;
        loop.readInterest(this, true);
      }
      handling.set(false);
      if (inbox.isEmpty() || !handling.compareAndSet(false, true)) {
        return;
      }
    }
  }

  // ---- ending ----

  /** Ends the connection now: nothing more is read or handled, and the socket is closed. */
  @Override
  void terminate() {
    terminated = true;
    loop.closeChannel(this);
    writableNow(); // a writer waiting for room gives up on the closed socket
    finishLater();
  }

  @Override
  void dropSocket() {
    terminate(); // closing the channel also fails a write waiting for room
  }

  /**
   * Finishes on a virtual thread: after the close handshake's last frame is written (or the
   * socket broke), the socket is closed and the node cleans up (streams, Disconnect RPC).
   */
  private void finishLater() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("cablekit-nio-finish").start(this::finish);
  }

  private void finish() {
    pinger.stop();
    ScheduledFuture<?> timer = closeTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    if (outbox.sealed() && !outbox.failed() && !terminated) {
      try {
        outbox.awaitFlushed(node.config().writeTimeout().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    terminated = true;
    loop.closeChannel(this);
    writableNow();
    node.ended(session, closeCode, closeReason);
  }

  /** The outbox's writer: blocks its virtual thread while the socket is full. */
  @Override
  void writeToSocket(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) {
          awaitWritable();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitWritable() throws IOException {
    WriteWait wait = writeWait;
    if (wait == null) {
      wait = new WriteWait(); // only the outbox's single writer gets here
      writeWait = wait;
    }
    wait.lock.lock();
    try {
      wait.signalled = false;
      loop.writeInterest(this);
      while (!wait.signalled) {
        if (!channel.isOpen()) {
          throw new IOException("socket closed");
        }
        wait.writable.await(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to write", e);
    } finally {
      wait.lock.unlock();
    }
    if (!channel.isOpen()) {
      throw new IOException("socket closed");
    }
  }

  @Override
  public String toString() {
    return String.valueOf(session);
  }
}
