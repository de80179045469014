package io.cablekit.testkit;

import java.time.Duration;
import java.util.function.Function;

/**
 * An expected message, completed by {@link #within(Duration)} (wait up to that long) or {@link
 * #now()} (already received). An expectation never completed fails the test after it ran.
 */
public final class Expectation {
  private final CableClient client;
  private final String description;
  private final Function<Duration, Frame> check;
  private volatile boolean completed;

  Expectation(CableClient client, String description, Function<Duration, Frame> check) {
    this.client = client;
    this.description = description;
    this.check = check;
    client.pending(this);
  }

  /** Waits up to {@code timeout} for the message; fails with the closest messages that arrived. */
  public Frame within(Duration timeout) {
    completed = true;
    client.done(this);
    return check.apply(timeout);
  }

  /** Checks that the message has already arrived. */
  public Frame now() {
    return within(Duration.ZERO);
  }

  boolean completed() {
    return completed;
  }

  @Override
  public String toString() {
    return description;
  }
}
