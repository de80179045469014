package io.cablekit.server.internal.connection;

import io.cablekit.protocol.ServerFrames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code {"type":"ping"}} frames to one connection (PROTOCOL.md 3.5): the first after a
 * random delay in [0.5, 1.5) intervals, then every interval, with integer timestamps that strictly
 * increase. Each tick also drops the connection when a write has been stuck past the write
 * timeout.
 */
final class Pinger {
  /**
   * Ping settings of one connection.
   *
   * @param interval zero disables pings
   * @param precision {@code s}, {@code ms} or {@code ns}
   * @param pongTimeout how long an extended-protocol client may go without a {@code pong}
   *     command before it is disconnected; zero disables the check
   */
  record Settings(Duration interval, String precision, Clock clock, Duration pongTimeout) {}

  private final PingTarget connection;
  private final Outbox outbox;
  private final ScheduledExecutorService scheduler;
  private final Settings settings;
  private final long writeTimeoutNanos;
  private volatile ScheduledFuture<?> task;
  private volatile ScheduledFuture<?> pongTask;
  private volatile long lastPong;
  private long last;

  Pinger(
      PingTarget connection,
      Outbox outbox,
      ScheduledExecutorService scheduler,
      Settings settings,
      Duration writeTimeout) {
    this.connection = connection;
    this.outbox = outbox;
    this.scheduler = scheduler;
    this.settings = settings;
    this.writeTimeoutNanos = writeTimeout.toNanos();
  }

  void start() {
    long pongTimeout = settings.pongTimeout().toNanos();
    if (pongTimeout > 0 && connection.extended()) {
      lastPong = System.nanoTime();
      long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), pongTimeout / 4);
      pongTask = scheduler.scheduleAtFixedRate(this::checkPong, period, period, TimeUnit.NANOSECONDS);
    }
    long interval = settings.interval().toNanos();
    if (interval > 0) {
      long first = (long) (interval * (0.5 + ThreadLocalRandom.current().nextDouble()));
      task = scheduler.scheduleAtFixedRate(this::tick, first, interval, TimeUnit.NANOSECONDS);
    } else if (writeTimeoutNanos > 0) {
      task =
          scheduler.scheduleAtFixedRate(
              this::checkWrites, writeTimeoutNanos, writeTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  void stop() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
    ScheduledFuture<?> p = pongTask;
    if (p != null) {
      p.cancel(false);
    }
  }

  /** The client answered with a {@code pong} command. */
  void pong() {
    lastPong = System.nanoTime();
  }

  private void checkPong() {
    if (System.nanoTime() - lastPong > settings.pongTimeout().toNanos()) {
      stop();
      connection.noPong();
    }
  }

  /** Called for every message received; reserved for the extended protocol's pong timeout. */
  void activity() {}

  private void tick() {
    if (!checkWrites()) {
      return;
    }
    outbox.offer(WsFrames.text(ServerFrames.ping(nextTimestamp())));
  }

  /** Returns false (after dropping the connection) when a write has been stuck too long. */
  private boolean checkWrites() {
    long started = outbox.writeStartedNanos();
    if (writeTimeoutNanos > 0 && started != 0 && System.nanoTime() - started > writeTimeoutNanos) {
      stop();
      connection.writeTimedOut();
      return false;
    }
    return true;
  }

  private long nextTimestamp() {
    Instant now = settings.clock().instant();
    long ts =
        switch (settings.precision()) {
          case "ms" -> now.toEpochMilli();
          case "ns" -> now.getEpochSecond() * 1_000_000_000L + now.getNano();
          default -> now.getEpochSecond();
        };
    // strictly increasing even when the interval is shorter than the precision
    last = Math.max(ts, last + 1);
    return last;
  }
}
