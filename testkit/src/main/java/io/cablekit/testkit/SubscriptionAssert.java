package io.cablekit.testkit;

import io.cablekit.server.Broadcast;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.SessionInfo;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Subscription}: confirmed or rejected, messages received (any, broadcasts
 * only, transmissions only), and the streams and channel state the server holds for it.
 */
public final class SubscriptionAssert extends AbstractAssert<SubscriptionAssert, Subscription> {
  SubscriptionAssert(Subscription actual) {
    super(actual, SubscriptionAssert.class);
  }

  /** Waits (up to 5 s) for the confirmation; fails on a rejection. */
  public SubscriptionAssert isConfirmed() {
    isNotNull();
    actual.awaitConfirmed();
    return this;
  }

  /** Waits (up to 5 s) for the rejection; fails when it was confirmed. */
  public SubscriptionAssert isRejected() {
    isNotNull();
    actual.awaitRejected();
    return this;
  }

  /** A message on this subscription whose payload matches (broadcast or transmission). */
  public Expectation receives(Messages.Pattern pattern) {
    return new Expectation(actual.client(), "receives " + pattern, timeout -> actual.awaitMessage(pattern, timeout));
  }

  /**
   * A message matching {@code pattern} that came from a broadcast to one of the subscription's
   * streams (not from an RPC transmission).
   */
  public Expectation receivesBroadcast(Messages.Pattern pattern) {
    return new Expectation(actual.client(), "receives broadcast " + pattern, timeout -> {
      Frame f = actual.awaitMessage(pattern, timeout);
      if (!published(f)) {
        failWithMessage("Expecting a broadcast matching:%n  %s%non subscription:%n  %s%nbut the matching message was not broadcast to its streams %s:%n  %s%n(it came from an RPC transmission)",
            pattern, actual.identifier(), streams(), f.text());
      }
      return f;
    });
  }

  /** A message matching {@code pattern} sent by an RPC reply to this connection, not a broadcast. */
  public Expectation receivesTransmission(Messages.Pattern pattern) {
    return new Expectation(actual.client(), "receives transmission " + pattern, timeout -> {
      Frame f = actual.awaitMessage(pattern, timeout);
      String sid = actual.client().sid();
      boolean transmitted =
          actual.client().server().journal().replies(sid).stream()
              .anyMatch(r -> r.transmissions().stream().anyMatch(t -> sameJson(t, f.text())));
      if (!transmitted) {
        failWithMessage("Expecting a transmission matching:%n  %s%non subscription:%n  %s%nbut the matching message was not sent by an RPC reply:%n  %s%n(it came from a broadcast)",
            pattern, actual.identifier(), f.text());
      }
      return f;
    });
  }

  private boolean published(Frame f) {
    List<String> streams = streams();
    for (JournalEvent.Published p : actual.client().server().journal().broadcasts()) {
      Broadcast b = p.broadcast();
      if (streams.contains(b.stream()) && sameJson(io.cablekit.protocol.ServerFrames.messageValue(b.data()), f.message().toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameJson(String a, String b) {
    try {
      return io.cablekit.protocol.Json.MAPPER.readTree(a).equals(io.cablekit.protocol.Json.MAPPER.readTree(b));
    } catch (Exception e) {
      return a.equals(b);
    }
  }

  /** No message on this subscription; complete with {@code during}. */
  public Silence receivesNothing() {
    long mark = actual.client().log().size();
    return new Silence(actual.client(), "receives nothing", window -> {
      Frame f = actual.client().log().await(mark, x -> x.isMessageFor(actual.identifier()), window);
      if (f != null) {
        failWithMessage("Expecting no message on subscription:%n  %s%nduring %s, but received:%n  %s",
            actual.identifier(), Reports.duration(window), Reports.abbreviate(f.text()));
      }
    });
  }

  // ---- server-side state ----

  private SessionInfo.SubscriptionInfo state() {
    isNotNull();
    actual.client().sync();
    return actual.state().orElseThrow(() -> new AssertionError(
        "Expecting the server to hold subscription:\n  " + actual.identifier() + "\nbut it does not (not confirmed, or unsubscribed)."));
  }

  private List<String> streams() {
    actual.client().sync();
    return actual.state().map(SessionInfo.SubscriptionInfo::streams).orElse(List.of());
  }

  /** The server streams this subscription from {@code stream} (Rails' assert_has_stream). */
  public SubscriptionAssert hasStream(String stream) {
    List<String> streams = state().streams();
    if (!streams.contains(stream)) {
      failWithMessage("Expecting subscription:%n  %s%nto stream from:%n  \"%s\"%nbut its streams are:%n  %s", actual.identifier(), stream, streams);
    }
    return this;
  }

  /** The subscription's streams are exactly these. */
  public SubscriptionAssert hasStreams(String... streams) {
    Set<String> expected = new TreeSet<>(List.of(streams));
    Set<String> got = new TreeSet<>(state().streams());
    if (!expected.equals(got)) {
      failWithActualExpectedAndMessage(got, expected, "Expecting subscription:%n  %s%nto stream from exactly:%n  %s%nbut its streams are:%n  %s",
          actual.identifier(), expected, got);
    }
    return this;
  }

  /** The subscription has no streams (Rails' assert_no_streams). */
  public SubscriptionAssert hasNoStreams() {
    List<String> streams = streams();
    if (!streams.isEmpty()) {
      failWithMessage("Expecting subscription:%n  %s%nto have no streams, but it streams from:%n  %s", actual.identifier(), streams);
    }
    return this;
  }

  /** The channel state holds {@code key} = {@code value}. */
  public SubscriptionAssert hasIstate(String key, String value) {
    SessionInfo.SubscriptionInfo s = state();
    String v = s.istate().get(key);
    if (!value.equals(v)) {
      failWithActualExpectedAndMessage(v, value, "Expecting the channel state of:%n  %s%nto hold:%n  %s = %s%nbut it holds:%n  %s",
          actual.identifier(), key, value, s.istate());
    }
    return this;
  }

  /** The channel state has no {@code key}. */
  public SubscriptionAssert hasNoIstate(String key) {
    SessionInfo.SubscriptionInfo s = state();
    if (s.istate().containsKey(key)) {
      failWithMessage("Expecting the channel state of:%n  %s%nto have no key:%n  %s%nbut it holds:%n  %s", actual.identifier(), key, s.istate());
    }
    return this;
  }

  /** The last Command reply applied to this subscription. */
  public RpcReplyAssert lastReply() {
    isNotNull();
    actual.client().sync();
    List<JournalEvent.RpcReply> replies =
        actual.client().server().journal().replies(actual.client().sid()).stream()
            .filter(r -> actual.identifier().equals(r.identifier()))
            .toList();
    if (replies.isEmpty()) {
      failWithMessage("Expecting an RPC reply for subscription:%n  %s%nbut there was none.", actual.identifier());
    }
    return new RpcReplyAssert(replies.get(replies.size() - 1));
  }
}
