package io.cablekit.testkit;

import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.Json;
import io.cablekit.server.SessionInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One channel subscription of a {@link CableClient}: await its confirmation or rejection,
 * perform actions, read the messages that arrived on it, unsubscribe.
 */
public final class Subscription {
  private final CableClient client;
  private final String identifier;
  private final long mark;

  Subscription(CableClient client, String identifier, long mark) {
    this.client = client;
    this.identifier = identifier;
    this.mark = mark;
  }

  public CableClient client() {
    return client;
  }

  /** The identifier string exactly as sent. */
  public String identifier() {
    return identifier;
  }

  /** Waits for {@code confirm_subscription}; fails on a rejection or with what arrived instead. */
  public Subscription awaitConfirmed() {
    return awaitConfirmed(CableClient.DEFAULT_WAIT);
  }

  public Subscription awaitConfirmed(Duration timeout) {
    Frame answer = awaitAnswer(timeout);
    if (answer == null) {
      throw new AssertionError(Reports.noFrame("confirm_subscription for " + identifier, timeout, client));
    }
    if (answer.type().equals("reject_subscription")) {
      throw new AssertionError("Expecting subscription:\n  " + identifier + "\nto be confirmed, but it was rejected.");
    }
    return this;
  }

  /** Waits for {@code reject_subscription}; fails when it was confirmed or nothing came. */
  public Subscription awaitRejected() {
    return awaitRejected(CableClient.DEFAULT_WAIT);
  }

  public Subscription awaitRejected(Duration timeout) {
    Frame answer = awaitAnswer(timeout);
    if (answer == null) {
      throw new AssertionError(Reports.noFrame("reject_subscription for " + identifier, timeout, client));
    }
    if (answer.type().equals("confirm_subscription")) {
      throw new AssertionError("Expecting subscription:\n  " + identifier + "\nto be rejected, but it was confirmed.");
    }
    return this;
  }

  Frame awaitAnswer(Duration timeout) {
    return client.log().await(mark, f -> f.identifier().equals(identifier)
        && (f.type().equals("confirm_subscription") || f.type().equals("reject_subscription")), timeout);
  }

  /** Whether a confirmation has arrived (does not wait). */
  public boolean isConfirmed() {
    Frame f = awaitAnswer(Duration.ZERO);
    return f != null && f.type().equals("confirm_subscription");
  }

  /** Whether a rejection has arrived (does not wait). */
  public boolean isRejected() {
    Frame f = awaitAnswer(Duration.ZERO);
    return f != null && f.type().equals("reject_subscription");
  }

  /** Performs {@code action} with no data. */
  public void perform(String action) {
    perform(action, Map.of());
  }

  /** Performs {@code action}: data {@code {"action":...,<data>}}, as the JavaScript clients send it. */
  public void perform(String action, Map<String, ?> data) {
    Map<String, Object> payload = new LinkedHashMap<>(data);
    payload.put("action", action);
    performRaw(Json.MAPPER.valueToTree(payload).toString());
  }

  /** Sends a {@code message} command whose data is exactly {@code dataJson}. */
  public void performRaw(String dataJson) {
    client.send(ClientCommands.encode(new ClientCommand.Message(identifier, dataJson)));
  }

  /** Sends {@code unsubscribe}. */
  public void unsubscribe() {
    client.send(ClientCommands.encode(new ClientCommand.Unsubscribe(identifier)));
  }

  // ---- the extended protocol (actioncable-v1-ext-json, README "The extended protocol") ----

  /**
   * Whispers {@code data} (any JSON value: a map, a list, a string...) to the other clients of
   * the subscription's whisper stream; the server ignores it unless the channel state has {@code
   * $w}.
   */
  public void whisper(Object data) {
    client.send(ClientCommands.encode(new ClientCommand.Whisper(identifier, Json.MAPPER.valueToTree(data).toString())));
  }

  /**
   * Asks for the messages the subscription's streams kept since {@code since} (whole seconds).
   * Returns a handle to await the server's answer.
   */
  public HistoryRequest requestHistorySince(java.time.Instant since) {
    return requestHistory(new ClientCommand.HistoryRequest(since.getEpochSecond(), Map.of()));
  }

  /** Asks for the messages of {@code stream} after {@code offset} of {@code epoch}. */
  public HistoryRequest requestHistoryAfter(String stream, String epoch, long offset) {
    return requestHistory(
        new ClientCommand.HistoryRequest(0, Map.of(stream, new ClientCommand.StreamPosition(epoch, offset))));
  }

  private HistoryRequest requestHistory(ClientCommand.HistoryRequest request) {
    long from = client.log().size();
    client.send(ClientCommands.encode(new ClientCommand.History(identifier, request)));
    return new HistoryRequest(from);
  }

  /** Joins the subscription's presence stream (channel state {@code $p}) as {@code id}. */
  public void joinPresence(String id, Object info) {
    client.send(ClientCommands.encode(new ClientCommand.Join(identifier, id, Json.MAPPER.valueToTree(info).toString())));
  }

  /** Leaves the presence joined as {@code id}. */
  public void leavePresence(String id) {
    client.send(ClientCommands.encode(new ClientCommand.Leave(identifier, id)));
  }

  /** An answered or pending {@code history} request of this subscription. */
  public final class HistoryRequest {
    private final long from;

    private HistoryRequest(long from) {
      this.from = from;
    }

    /**
     * Waits for {@code confirm_history} and returns the messages replayed before it; fails with
     * what arrived when the server answered {@code reject_history} or nothing came in time.
     */
    public List<Frame> awaitConfirmed(Duration timeout) {
      Frame answer = answer(timeout);
      if (answer == null) {
        throw new AssertionError(Reports.noFrame("confirm_history for " + identifier, timeout, client));
      }
      if (answer.type().equals("reject_history")) {
        throw new AssertionError("Expecting history of:\n  " + identifier
            + "\nto be confirmed, but it was rejected (unknown epoch, evicted or future offset, no broker,"
            + " or no since/streams).");
      }
      return client.log().all().stream()
          .filter(f -> f.seq() > from && f.seq() < answer.seq() && f.isMessageFor(identifier))
          .toList();
    }

    /** Waits for {@code reject_history}; fails when the history was confirmed or nothing came. */
    public void awaitRejected(Duration timeout) {
      Frame answer = answer(timeout);
      if (answer == null) {
        throw new AssertionError(Reports.noFrame("reject_history for " + identifier, timeout, client));
      }
      if (answer.type().equals("confirm_history")) {
        throw new AssertionError("Expecting history of:\n  " + identifier + "\nto be rejected, but it was confirmed.");
      }
    }

    private Frame answer(Duration timeout) {
      return client.log().await(from, f -> f.identifier().equals(identifier)
          && (f.type().equals("confirm_history") || f.type().equals("reject_history")), timeout);
    }
  }

  /** The channel messages (broadcasts and transmissions) that arrived on this subscription. */
  public List<Frame> messages() {
    return client.log().all().stream().filter(f -> f.seq() > mark && f.isMessageFor(identifier)).toList();
  }

  /** Waits for a message matching {@code pattern}; fails with the closest messages. */
  public Frame awaitMessage(Messages.Pattern pattern, Duration timeout) {
    Frame f = client.log().await(mark, x -> x.isMessageFor(identifier) && pattern.matches(x.message()), timeout);
    if (f == null) {
      String report = Reports.noMatchingFrame(pattern, timeout, client, identifier);
      if (messages().isEmpty()) {
        report += Reports.streamHint(this);
      }
      throw new AssertionError(report);
    }
    return f;
  }

  /** What the server holds for this subscription (streams, channel state); empty when none. */
  public Optional<SessionInfo.SubscriptionInfo> state() {
    return client.session().map(s -> s.subscription(identifier));
  }

  long mark() {
    return mark;
  }

  @Override
  public String toString() {
    return "subscription " + identifier;
  }
}
