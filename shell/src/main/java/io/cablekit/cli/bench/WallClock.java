package io.cablekit.cli.bench;

import java.time.Clock;
import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch: the timestamp a broadcast carries and the clock its
 * receipt is read from. Wall clock rather than {@code nanoTime} so that a publisher in another
 * process (redis-cli, a Rails console) can stamp broadcasts too.
 */
final class WallClock {
  private static final Clock UTC = Clock.systemUTC();

  private WallClock() {}

  static long micros() {
    Instant now = UTC.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
