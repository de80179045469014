package io.cablekit.cli.bench;

import java.util.Arrays;

/**
 * A measurement: the broadcasts numbered {@code fromSeq} to {@code toSeq} (inclusive) and the
 * latencies of their deliveries, recorded by each selector thread into its own {@link Latencies}.
 */
final class Window {
  final long fromSeq;
  final long toSeq;
  private final Latencies[] perLoop;

  Window(long fromSeq, long toSeq, int loops) {
    this.fromSeq = fromSeq;
    this.toSeq = toSeq;
    this.perLoop = new Latencies[loops];
    for (int i = 0; i < loops; i++) {
      perLoop[i] = new Latencies();
    }
  }

  boolean covers(long seq) {
    return seq >= fromSeq && seq <= toSeq;
  }

  void record(int loop, long latencyMicros) {
    perLoop[loop].add(latencyMicros);
  }

  /** Deliveries recorded so far. */
  long delivered() {
    long n = 0;
    for (Latencies l : perLoop) {
      n += l.count();
    }
    return n;
  }

  Latencies all() {
    return Latencies.merge(Arrays.asList(perLoop));
  }
}
