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
