package io.cablekit.testkit;

import java.time.Duration;
import java.util.function.Consumer;

/** An expected absence of messages, completed by {@link #during(Duration)}. */
public final class Silence {
  private final CableClient client;
  private final String description;
  private final Consumer<Duration> check;

  Silence(CableClient client, String description, Consumer<Duration> check) {
    this.client = client;
    this.description = description;
    this.check = check;
    client.pending(this);
  }

  /** Watches for {@code window}; fails as soon as a message arrives, showing it. */
  public void during(Duration window) {
    client.done(this);
    check.accept(window);
  }

  @Override
  public String toString() {
    return description;
  }
}
