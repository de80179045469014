package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.CloseCodes;
import io.cablekit.server.internal.session.CommandFlow;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.SessionTransport;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.ClientWsFrame;
import io.helidon.websocket.WsCloseException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded WebSocket connection: authenticates its session before reading any frame
 * (PROTOCOL.md 2.1), then reads and executes frames strictly one after another on this virtual
 * thread. Output goes through the {@link Outbox}; a close started by either side ends with the
 * peer's close frame or after the close timeout.
 */
final class CableConnection implements ServerConnection, SessionTransport, PingTarget {
  private static final System.Logger LOG = System.getLogger(CableConnection.class.getName());

  private final ConnectionContext ctx;
  private final Node node;
  private final Outbox outbox;
  private final Pinger pinger;
  private Session session;

  private volatile Thread reader;
  private volatile boolean terminated;
  /** Guards interrupting the reader: once it is finishing, nothing may interrupt it any more. */
  private final java.util.concurrent.locks.ReentrantLock interruptLock = new java.util.concurrent.locks.ReentrantLock();
  private boolean finishing;
  private volatile int closeCode = CloseCodes.ABNORMAL;
  private volatile String closeReason = "";
  private volatile boolean closeSentByServer;
  private ScheduledFuture<?> closeTimer;

  CableConnection(ConnectionContext ctx, Node node, Pinger.Settings ping) {
    this.ctx = ctx;
    this.node = node;
    this.outbox =
        new Outbox(
            bytes -> ctx.dataWriter().writeNow(BufferData.create(bytes)),
            node.writers(),
            node.config().maxPendingSize(),
            this::tooSlow,
            this::writeFailed);
    this.pinger = new Pinger(this, outbox, node.scheduler(), ping, node.config().writeTimeout());
  }

  void attach(Session session) {
    this.session = session;
  }

  @Override
  public void handle(Limit limit) {
    reader = Thread.currentThread();
    node.opened(session);
    pinger.start();
    try {
      node.sessions().connector().authenticate(session);
      readLoop();
    } catch (ConnectionEnded e) {
      // the peer went away or the connection was terminated
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, session + ": connection failed", e);
      closeQuietly(CloseCodes.INTERNAL_ERROR, "Internal error");
    } finally {
      finish();
    }
  }

  private void readLoop() {
    DataReader in = ctx.dataReader();
    int limit = node.config().maxMessageSize();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    boolean inMessage = false;
    while (!terminated) {
      ClientWsFrame frame = readFrame(in, limit);
      switch (frame.opCode()) {
        case TEXT, BINARY, CONTINUATION -> {
          boolean continuation = frame.opCode() == io.helidon.websocket.WsOpCode.CONTINUATION;
          if (continuation != inMessage) {
            protocolError(continuation ? "unexpected continuation frame" : "new message before the last one ended");
            return;
          }
          BufferData payload = frame.payloadData();
          if (message.size() + payload.available() > limit) {
            tooBig(message.size() + payload.available(), limit);
            return;
          }
          message.writeBytes(payload.readBytes());
          inMessage = !frame.fin();
          if (frame.fin()) {
            byte[] bytes = message.toByteArray();
            message.reset();
            if (!dispatch(bytes)) {
              return;
            }
          }
        }
        case PING -> outbox.offer(WsFrames.pong(frame.payloadData().readBytes()));
        case PONG -> {}
        case CLOSE -> {
          peerClosed(frame.payloadData());
          return;
        }
      }
    }
  }

  /** Handles one complete message; returns false when the connection is being closed for it. */
  private boolean dispatch(byte[] bytes) {
    pinger.activity();
    if (outbox.sealed()) {
      // closing: frames that arrive before the peer's close frame are dropped
      return true;
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
      return true;
    }
    if (node.sessions().commands().handle(session, text) == CommandFlow.Outcome.MALFORMED) {
      close(null, CloseCodes.INVALID_PAYLOAD, "Malformed message");
    }
    return true;
  }

  private ClientWsFrame readFrame(DataReader in, int limit) {
    try {
      return ClientWsFrame.read(ctx, in, limit);
    } catch (WsCloseException e) {
      if (e.closeCode() == CloseCodes.MESSAGE_TOO_BIG) {
        tooBig(-1, limit);
      } else {
        protocolError(e.getMessage());
      }
      throw new ConnectionEnded();
    } catch (DataReader.InsufficientDataAvailableException e) {
      throw new ConnectionEnded();
    } catch (RuntimeException e) {
      if (terminated || outbox.sealed()) {
        throw new ConnectionEnded();
      }
      // socket errors (reset by peer, closed by interrupt) and invalid opcodes
      if (e.getMessage() != null && e.getMessage().contains("opCode")) {
        protocolError(e.getMessage());
      } else {
        LOG.log(System.Logger.Level.DEBUG, "{0}: read failed: {1}", session, e.toString());
        closeCode = CloseCodes.ABNORMAL;
        closeReason = CloseCodes.READ_FAILED;
      }
      throw new ConnectionEnded();
    }
  }

  private void tooBig(long size, int limit) {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: message of {1} bytes exceeds max_message_size {2}, closing",
        session,
        size < 0 ? "more than " + limit : String.valueOf(size),
        String.valueOf(limit));
    closeQuietly(CloseCodes.MESSAGE_TOO_BIG, "Message too big");
  }

  private void protocolError(String problem) {
    LOG.log(System.Logger.Level.WARNING, "{0}: WebSocket protocol error: {1}", session, problem);
    closeQuietly(CloseCodes.PROTOCOL_ERROR, "Protocol error");
  }

  /** The peer sent a close frame: answer it (unless we started the close) and end. */
  private void peerClosed(BufferData payload) {
    int code = 1005;
    String reason = "";
    if (payload.available() >= 2) {
      code = payload.readInt16();
      reason = payload.readString(payload.available(), StandardCharsets.UTF_8);
    }
    if (!closeSentByServer) {
      closeCode = code;
      closeReason = reason;
      int echo = code == 1005 ? CloseCodes.NORMAL : code;
      if (outbox.closeWith(WsFrames.close(echo, ""))) {
        awaitFlushed();
      }
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

  /** Sends a close frame and waits briefly for it to be written; used before ending the loop. */
  private void closeQuietly(int code, String reason) {
    close(null, code, reason);
    awaitFlushed();
  }

  @Override
  public boolean isOpen() {
    return !outbox.sealed() && !terminated && !outbox.failed();
  }

  /** Ends the connection now: the reader stops and the socket is closed. */
  void terminate() {
    terminated = true;
    interruptLock.lock();
    try {
      Thread t = reader;
      if (t != null && !finishing) {
        t.interrupt();
      }
    } finally {
      interruptLock.unlock();
    }
  }

  private void tooSlow() {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: more than {1} bytes of output pending, disconnecting as too slow",
        session,
        String.valueOf(node.config().maxPendingSize()));
    close(
        io.cablekit.protocol.ServerFrames.disconnect(
            io.cablekit.server.internal.session.DisconnectReasons.TOO_SLOW, true),
        CloseCodes.NORMAL,
        CloseCodes.TOO_SLOW);
  }

  @Override
  public boolean extended() {
    return session != null && session.extended();
  }

  @Override
  public void pong() {
    pinger.pong();
  }

  /** No {@code pong} within the pong timeout (PROTOCOL.md 3.5, 3.6). */
  @Override
  public void noPong() {
    LOG.log(
        System.Logger.Level.INFO,
        "{0}: no pong within {1} ms, disconnecting",
        session,
        String.valueOf(node.config().pongTimeout().toMillis()));
    close(
        io.cablekit.protocol.ServerFrames.disconnect(
            io.cablekit.server.internal.session.DisconnectReasons.NO_PONG, true),
        CloseCodes.NORMAL,
        CloseCodes.NO_PONG);
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
    ctx.serverSocket().close();
  }

  private void writeFailed(RuntimeException e) {
    LOG.log(System.Logger.Level.DEBUG, "{0}: write failed: {1}", session, e.toString());
    if (!closeSentByServer) {
      closeCode = CloseCodes.ABNORMAL;
      closeReason = "Write failed";
    }
    terminate();
  }

  private void awaitFlushed() {
    try {
      outbox.awaitFlushed(node.config().writeTimeout().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void finish() {
    pinger.stop();
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    interruptLock.lock();
    try {
      finishing = true;
      // a terminate() that interrupted the read loop must not cut the Disconnect RPC short
      Thread.interrupted();
    } finally {
      interruptLock.unlock();
    }
    if (outbox.sealed() && !outbox.failed() && !terminated) {
      awaitFlushed();
    }
    node.ended(session, closeCode, closeReason);
  }

  // ---- ServerConnection ----

  @Override
  public Duration idleTime() {
    // WebSocket clients may stay silent for hours; the server's own pings keep them alive
    return Duration.ZERO;
  }

  @Override
  public void close(boolean interrupt) {
    terminate();
  }

  /** Ends the read loop when the connection is gone. */
  private static final class ConnectionEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionEnded() {
      super(null, null, false, false);
    }
  }
}
