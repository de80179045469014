package io.cablekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.internal.matching.Mismatch;
import io.cablekit.protocol.Json;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.SessionInfo;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link CableClient}: welcome, rejection, close, messages, server-side state. */
public final class CableClientAssert extends AbstractAssert<CableClientAssert, CableClient> {
  CableClientAssert(CableClient actual) {
    super(actual, CableClientAssert.class);
  }

  /** Waits (up to 5 s) for the welcome. */
  public CableClientAssert isWelcomed() {
    isNotNull();
    actual.awaitWelcome();
    return this;
  }

  /**
   * Waits for the connection to be rejected: a {@code disconnect} frame and a 1000 {@code Auth
   * Failed} close, as when the RPC server rejects the connection.
   */
  public CableClientAssert isRejected() {
    CloseInfo close = awaitClose();
    if (close.code() != 1000 || !"Auth Failed".equals(close.reason())) {
      failWithMessage("Expecting the connection to be rejected (close 1000 \"Auth Failed\"),%nbut it closed with %d \"%s\". %s",
          close.code(), close.reason(), Reports.received(actual.messages()));
    }
    return this;
  }

  /** Like {@link #isRejected()}, and the disconnect frame's reason is {@code reason}. */
  public CableClientAssert isRejectedWith(String reason) {
    isRejected();
    CloseInfo close = actual.closeInfo();
    if (!reason.equals(close.disconnectReason())) {
      failWithActualExpectedAndMessage(close.disconnectReason(), reason,
          "Expecting the rejection reason:%n  \"%s\"%nbut was:%n  \"%s\"", reason, close.disconnectReason());
    }
    return this;
  }

  /** Waits for the server to close the connection with {@code code}. */
  public CableClientAssert isClosedWith(int code) {
    CloseInfo close = awaitClose();
    if (close.code() != code) {
      failWithActualExpectedAndMessage(close.code(), code,
          "Expecting the connection to close with:%n  %d%nbut it closed with:%n  %d \"%s\"", code, close.code(), close.reason());
    }
    return this;
  }

  /** Waits for the server to close the connection with {@code code} and {@code reason}. */
  public CableClientAssert isClosedWith(int code, String reason) {
    isClosedWith(code);
    if (!reason.equals(actual.closeInfo().reason())) {
      failWithActualExpectedAndMessage(actual.closeInfo().reason(), reason,
          "Expecting the close reason:%n  \"%s\"%nbut was:%n  \"%s\"", reason, actual.closeInfo().reason());
    }
    return this;
  }

  private CloseInfo awaitClose() {
    isNotNull();
    return actual.awaitClosed();
  }

  /** A frame matching {@code pattern} (whole frames, pings skipped); complete with {@code within}. */
  public Expectation receives(Messages.Pattern pattern) {
    return new Expectation(actual, "receives " + pattern, timeout -> actual.awaitFrame(pattern, timeout));
  }

  /** No frame but pings; complete with {@code during}. */
  public Silence receivesNothing() {
    long mark = actual.log().size();
    return new Silence(actual, "receives nothing", window -> {
      Frame f = actual.log().await(mark, x -> !x.isPing(), window);
      if (f != null) {
        failWithMessage("Expecting no message on %s%nduring %s, but received:%n  %s", actual, Reports.duration(window), Reports.abbreviate(f.text()));
      }
    });
  }

  // ---- server-side state ----

  private SessionInfo session() {
    isNotNull();
    actual.sync();
    return actual.session().orElseThrow(() -> new AssertionError("Expecting the server to hold a session for " + actual + ", but it holds none."));
  }

  /** The connection identifiers match {@code partial} (partial JSON). */
  public CableClientAssert hasIdentifiers(Object partial) {
    SessionInfo s = session();
    Messages.Pattern pattern = Messages.json(partial);
    JsonNode actualIds = parse(s.identifiers());
    List<Mismatch> mismatches = pattern.mismatches(actualIds);
    if (!mismatches.isEmpty()) {
      failWithActualExpectedAndMessage(s.identifiers(), pattern.expected().toString(),
          "Expecting the connection identifiers:%n  %s%nto match:%n  %s%nbut %s", s.identifiers(), pattern, Reports.reason(mismatches));
    }
    return this;
  }

  /** The connection state holds {@code key} = {@code value}. */
  public CableClientAssert hasCstate(String key, String value) {
    SessionInfo s = session();
    String v = s.cstate().get(key);
    if (!value.equals(v)) {
      failWithActualExpectedAndMessage(v, value,
          "Expecting the connection state to hold:%n  %s = %s%nbut it holds:%n  %s", key, value, s.cstate());
    }
    return this;
  }

  /** The connection state has no {@code key}. */
  public CableClientAssert hasNoCstate(String key) {
    SessionInfo s = session();
    if (s.cstate().containsKey(key)) {
      failWithMessage("Expecting the connection state to have no key:%n  %s%nbut it holds:%n  %s", key, s.cstate());
    }
    return this;
  }

  /** The last RPC reply applied to this connection (Connect or a Command). */
  public RpcReplyAssert lastReply() {
    List<JournalEvent.RpcReply> replies = replies();
    if (replies.isEmpty()) {
      failWithMessage("Expecting an RPC reply for %s, but there was none.", actual);
    }
    return new RpcReplyAssert(replies.get(replies.size() - 1));
  }

  List<JournalEvent.RpcReply> replies() {
    actual.sync();
    return actual.server().journal().replies(actual.sid());
  }

  private static JsonNode parse(String text) {
    try {
      return text == null ? null : Json.MAPPER.readTree(text);
    } catch (Exception e) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }
  }
}
