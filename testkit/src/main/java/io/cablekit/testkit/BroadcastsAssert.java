package io.cablekit.testkit;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.Broadcast;
import io.cablekit.server.JournalEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the publications to one stream, read from the server's own journal (Rails'
 * assert_broadcasts / assert_broadcast_on). {@link #within(Duration)} makes the following checks
 * wait, for broadcasts made asynchronously.
 */
public final class BroadcastsAssert extends AbstractAssert<BroadcastsAssert, String> {
  private final TestCable cable;
  private final Duration wait;

  BroadcastsAssert(TestCable cable, String stream, Duration wait) {
    super(stream, BroadcastsAssert.class);
    this.cable = cable;
    this.wait = wait;
  }

  /** Makes the following checks wait up to {@code timeout} for publications to arrive. */
  public BroadcastsAssert within(Duration timeout) {
    return new BroadcastsAssert(cable, actual, timeout);
  }

  /** Exactly {@code count} publications to the stream (waiting, with {@link #within}, until there are). */
  public BroadcastsAssert hasCount(int count) {
    List<Broadcast> got = await(b -> true, count);
    if (got.size() != count) {
      failWithActualExpectedAndMessage(got.size(), count, "Expecting %d %s on stream:%n  \"%s\"%n%sbut there %s %d%s",
          count, count == 1 ? "broadcast" : "broadcasts", actual, waited(), got.size() == 1 ? "was" : "were", got.size(), list(got));
    }
    return this;
  }

  /** No publication to the stream. */
  public BroadcastsAssert isEmpty() {
    return hasCount(0);
  }

  /** A publication whose data matches {@code pattern} (partial JSON, as delivered). */
  public BroadcastsAssert includes(Messages.Pattern pattern) {
    List<Broadcast> matching = await(b -> pattern.matches(json(b)), 1);
    if (matching.isEmpty()) {
      List<Broadcast> all = cable.broadcasts(actual);
      StringBuilder out = new StringBuilder();
      out.append(String.format("Expecting a broadcast on stream:%n  \"%s\"%nmatching:%n  %s%n%sbut ", actual, pattern, waited()));
      if (all.isEmpty()) {
        out.append("none arrived.");
        other(out);
      } else {
        out.append("none matched. Closest broadcasts:");
        all.stream()
            .sorted(java.util.Comparator.comparingInt(b -> pattern.mismatches(json(b)).size()))
            .limit(3)
            .forEach(b -> out.append("\n  ").append(Reports.abbreviate(b.data())).append("   <- ").append(Reports.reason(pattern.mismatches(json(b)))));
      }
      failWithMessage("%s", out.toString());
    }
    return this;
  }

  /** Shows broadcasts to other streams, where a typo usually sends them. */
  private void other(StringBuilder out) {
    List<JournalEvent.Published> others = cable.server().journal().broadcasts();
    if (!others.isEmpty()) {
      out.append(" Closest broadcasts:");
      others.stream()
          .sorted(java.util.Comparator.comparingInt(p -> io.cablekit.server.internal.text.Typos.distance(p.broadcast().stream(), actual)))
          .limit(3)
          .forEach(p -> out.append("\n  \"").append(p.broadcast().stream()).append("\"  ")
              .append(Reports.abbreviate(p.broadcast().data())).append("   <- stream differs"));
    }
  }

  private List<Broadcast> await(Predicate<Broadcast> condition, int count) {
    try {
      return cable.server().journal()
          .awaitCount(JournalEvent.Published.class, p -> p.broadcast().stream().equals(actual) && condition.test(p.broadcast()), count, wait)
          .stream().map(JournalEvent.Published::broadcast).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for broadcasts", e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(Broadcast b) {
    try {
      return io.cablekit.protocol.Json.MAPPER.readTree(ServerFrames.messageValue(b.data()));
    } catch (Exception e) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(b.data());
    }
  }

  private String waited() {
    return wait.isZero() ? "" : "within " + Reports.duration(wait) + ", ";
  }

  private static String list(List<Broadcast> got) {
    StringBuilder out = new StringBuilder(got.isEmpty() ? "." : ":");
    got.stream().limit(10).forEach(b -> out.append("\n  ").append(Reports.abbreviate(b.data())));
    return out.toString();
  }
}
