package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.CloseCodes;
import io.cablekit.server.internal.session.Session;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.ClientWsFrame;
import io.helidon.websocket.WsCloseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * One upgraded WebSocket connection: authenticates its session before reading any frame
 * (PROTOCOL.md 2.1), then reads and executes frames strictly one after another on this virtual
 * thread. Output goes through the {@link Outbox}; a close started by either side ends with the
 * peer's close frame or after the close timeout.
 */
final class CableConnection extends CableTransport implements ServerConnection {
  private static final System.Logger LOG = System.getLogger(CableConnection.class.getName());

  private final ConnectionContext ctx;

  private volatile Thread reader;
  /** Guards interrupting the reader: once it is finishing, nothing may interrupt it any more. */
  private final java.util.concurrent.locks.ReentrantLock interruptLock = new java.util.concurrent.locks.ReentrantLock();
  private boolean finishing;

  CableConnection(ConnectionContext ctx, Node node, Pinger.Settings ping) {
    super(node, ping);
    this.ctx = ctx;
  }

  @Override
  void writeToSocket(byte[] bytes) {
    ctx.dataWriter().writeNow(BufferData.create(bytes));
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
            dispatch(bytes);
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
    if (answerPeerClose(code, reason)) {
      awaitFlushed();
    }
  }

  /** Sends a close frame and waits briefly for it to be written; used before ending the loop. */
  private void closeQuietly(int code, String reason) {
    close(null, code, reason);
    awaitFlushed();
  }

  /** Ends the connection now: the reader stops and the socket is closed. */
  @Override
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

  @Override
  void dropSocket() {
    terminate();
    ctx.serverSocket().close();
  }

  private void finish() {
    pinger.stop();
    ScheduledFuture<?> timer = closeTimer;
    if (timer != null) {
      timer.cancel(false);
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
