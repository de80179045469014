package io.cablekit.server.internal.connection;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.nio.WsFrameDecoder;
import io.cablekit.server.internal.session.CloseCodes;
import io.cablekit.server.internal.session.CommandFlow;
import io.cablekit.server.internal.session.DisconnectReasons;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.SessionTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
public final class NioWsConnection implements SessionTransport, PingTarget, WsFrameDecoder.Listener {
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

  private final Node node;
  private final SocketChannel channel;
  private final Loop loop;
  private final Outbox outbox;
  private final Pinger pinger;
  private final WsFrameDecoder decoder;
  private Session session;

  private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
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

  private volatile boolean terminated;
  private volatile boolean peerCloseSeen;
  private volatile int closeCode = CloseCodes.ABNORMAL;
  private volatile String closeReason = "";
  private volatile boolean closeSentByServer;
  private volatile ScheduledFuture<?> closeTimer;
  private final AtomicBoolean finished = new AtomicBoolean();

  public NioWsConnection(Node node, SocketChannel channel, Loop loop, Handshake.Accepted accepted) {
    this.node = node;
    this.channel = channel;
    this.loop = loop;
    this.outbox =
        new Outbox(
            this::writeBlocking,
            node.writers(),
            node.config().maxPendingSize(),
            this::tooSlow,
            this::writeFailed);
    this.pinger =
        new Pinger(
            this,
            outbox,
            node.scheduler(),
            new Pinger.Settings(
                accepted.pingInterval(), accepted.pingPrecision(), node.clock(), node.config().pongTimeout()),
            node.config().writeTimeout());
    this.decoder = new WsFrameDecoder(node.config().maxMessageSize(), this);
    this.session =
        new Session(
            accepted.sid(),
            accepted.url(),
            accepted.headers(),
            accepted.protocol(),
            node.clock().instant(),
            this);
    session.restoreSid(accepted.restoreSid());
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
    if (!closeSentByServer) {
      closeCode = code;
      closeReason = reason;
      int echo = code == 1005 ? CloseCodes.NORMAL : code;
      outbox.closeWith(WsFrames.close(echo, ""));
    }
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
    if (inbox.size() > INBOX_HIGH_WATER && !readPaused) {
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

  private void dispatch(byte[] bytes) {
    pinger.activity();
    if (outbox.sealed()) {
      return; // closing: frames that arrive before the peer's close frame are dropped
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}: message is not valid UTF-8, closing", session);
      close(null, CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8");
      return;
    }
    if (node.sessions().commands().handle(session, text) == CommandFlow.Outcome.MALFORMED) {
      close(null, CloseCodes.INVALID_PAYLOAD, "Malformed message");
    }
  }

  // ---- SessionTransport ----

  @Override
  public boolean send(byte[] wsFrame) {
    return outbox.offer(wsFrame);
  }

  @Override
  public void close(String lastText, int code, String reason) {
    byte[] close = WsFrames.close(code, reason);
    boolean first =
        lastText == null ? outbox.closeWith(close) : outbox.closeWith(WsFrames.text(lastText), close);
    if (!first) {
      return;
    }
    closeSentByServer = true;
    closeCode = code;
    closeReason = reason;
    long timeout = node.config().closeTimeout().toNanos();
    closeTimer = node.scheduler().schedule(this::terminate, timeout, TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean isOpen() {
    return !outbox.sealed() && !terminated && !outbox.failed();
  }

  @Override
  public void pong() {
    pinger.pong();
  }

  // ---- PingTarget ----

  @Override
  public boolean extended() {
    return session.extended();
  }

  @Override
  public void noPong() {
    LOG.log(
        System.Logger.Level.INFO,
        "{0}: no pong within {1} ms, disconnecting",
        session,
        String.valueOf(node.config().pongTimeout().toMillis()));
    close(ServerFrames.disconnect(DisconnectReasons.NO_PONG, true), CloseCodes.NORMAL, CloseCodes.NO_PONG);
  }

  @Override
  public void writeTimedOut() {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: a write took longer than {1} ms, dropping the connection",
        session,
        String.valueOf(node.config().writeTimeout().toMillis()));
    closeCode = CloseCodes.ABNORMAL;
    closeReason = "Write timeout";
    terminate();
  }

  // ---- ending ----

  /** Ends the connection now: nothing more is read or handled, and the socket is closed. */
  void terminate() {
    terminated = true;
    loop.closeChannel(this);
    writableNow(); // a writer waiting for room gives up on the closed socket
    finishLater();
  }

  private void tooSlow() {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: more than {1} bytes of output pending, disconnecting as too slow",
        session,
        String.valueOf(node.config().maxPendingSize()));
    close(ServerFrames.disconnect(DisconnectReasons.TOO_SLOW, true), CloseCodes.NORMAL, CloseCodes.TOO_SLOW);
  }

  private void writeFailed(RuntimeException e) {
    LOG.log(System.Logger.Level.DEBUG, "{0}: write failed: {1}", session, e.toString());
    if (!closeSentByServer) {
      closeCode = CloseCodes.ABNORMAL;
      closeReason = "Write failed";
    }
    terminate();
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
  private void writeBlocking(byte[] bytes) {
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
