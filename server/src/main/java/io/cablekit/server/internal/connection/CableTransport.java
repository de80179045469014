package io.cablekit.server.internal.connection;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.CloseCodes;
import io.cablekit.server.internal.session.CommandFlow;
import io.cablekit.server.internal.session.DisconnectReasons;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.SessionTransport;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a WebSocket connection does whichever transport carries it ({@link CableConnection} on
 * Helidon, {@link NioWsConnection} on the NIO listener): the bounded outbox and the pinger,
 * handling a complete message, the bookkeeping of the close handshake (who closed, with which
 * code and reason), and the ways a connection is dropped (too slow, no pong, a stuck or failed
 * write). The transports differ only in how bytes reach the socket and how reading stops.
 */
abstract class CableTransport implements SessionTransport, PingTarget {
  private static final System.Logger LOG = System.getLogger(CableTransport.class.getName());

  final Node node;
  final Outbox outbox;
  final Pinger pinger;
  Session session;

  volatile boolean terminated;
  volatile int closeCode = CloseCodes.ABNORMAL;
  volatile String closeReason = "";
  volatile boolean closeSentByServer;
  volatile ScheduledFuture<?> closeTimer;

  CableTransport(Node node, Pinger.Settings ping) {
    this.node = node;
    this.outbox =
        new Outbox(
            this::writeToSocket,
            node.writers(),
            node.config().maxPendingSize(),
            this::tooSlow,
            this::writeFailed);
    this.pinger = new Pinger(this, outbox, node.scheduler(), ping, node.config().writeTimeout());
  }

  /** Writes bytes to the socket, blocking the (virtual) thread until they are handed over. */
  abstract void writeToSocket(byte[] bytes);

  /** Ends the connection now: nothing more is read or handled, and the socket goes. */
  abstract void terminate();

  /** A write is stuck: the socket must go at once, even under a blocked writer. */
  abstract void dropSocket();

  /** Handles one complete message: UTF-8, then the command (PROTOCOL.md 3.3, 3.4). */
  final void dispatch(byte[] bytes) {
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

  /**
   * The peer sent a close frame: unless the server started the close, its code and reason are
   * the connection's and the close is echoed (1005, no code, is answered with 1000). Returns
   * whether an echo was queued.
   */
  final boolean answerPeerClose(int code, String reason) {
    if (closeSentByServer) {
      return false;
    }
    closeCode = code;
    closeReason = reason;
    return outbox.closeWith(WsFrames.close(code == 1005 ? CloseCodes.NORMAL : code, ""));
  }

  /** Waits, up to the write timeout, until what the outbox holds is written. */
  final void awaitFlushed() {
    try {
      outbox.awaitFlushed(node.config().writeTimeout().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- SessionTransport ----

  @Override
  public final boolean send(byte[] wsFrame) {
    return outbox.offer(wsFrame);
  }

  @Override
  public final void close(String lastText, int code, String reason) {
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
  public final boolean isOpen() {
    return !outbox.sealed() && !terminated && !outbox.failed();
  }

  @Override
  public final void pong() {
    pinger.pong();
  }

  // ---- PingTarget ----

  @Override
  public final boolean extended() {
    return session != null && session.extended();
  }

  /** No {@code pong} within the pong timeout (PROTOCOL.md 3.5, 3.6). */
  @Override
  public final void noPong() {
    LOG.log(
        System.Logger.Level.INFO,
        "{0}: no pong within {1} ms, disconnecting",
        session,
        String.valueOf(node.config().pongTimeout().toMillis()));
    close(ServerFrames.disconnect(DisconnectReasons.NO_PONG, true), CloseCodes.NORMAL, CloseCodes.NO_PONG);
  }

  @Override
  public final void writeTimedOut() {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: a write took longer than {1} ms, dropping the connection",
        session,
        String.valueOf(node.config().writeTimeout().toMillis()));
    closeCode = CloseCodes.ABNORMAL;
    closeReason = "Write timeout";
    dropSocket();
  }

  // ---- the outbox's handlers ----

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
}
