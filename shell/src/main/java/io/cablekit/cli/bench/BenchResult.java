package io.cablekit.cli.bench;

import java.time.Instant;
import java.util.List;

/**
 * The result of one {@code cablekit bench} run.
 *
 * @param label the name of the server under test
 * @param url the WebSocket URL
 * @param raw whether the server was driven without protocol
 * @param via how broadcasts were published
 * @param startedAt when the run started
 * @param serverPid the sampled server process, or 0
 * @param arguments the command line after {@code bench}
 * @param levels one entry per client count, ascending
 * @param truncated whether {@code --duration} cut the run short
 */
public record BenchResult(
    String label,
    String url,
    boolean raw,
    String via,
    Instant startedAt,
    long serverPid,
    List<String> arguments,
    List<LevelResult> levels,
    boolean truncated) {

  public BenchResult {
    arguments = List.copyOf(arguments);
    levels = List.copyOf(levels);
  }

  /**
   * Idle server memory per additional subscribed client between the first and last level, in KB:
   * {@code [rss, heap]}; an entry is NaN when not measured (a measured one may be negative).
   */
  public double[] memoryPerClientKb() {
    double[] out = {Double.NaN, Double.NaN};
    if (levels.size() < 2) {
      return out;
    }
    LevelResult a = levels.get(0);
    LevelResult b = levels.get(levels.size() - 1);
    int added = b.ready() - a.ready();
    if (added <= 0) {
      return out;
    }
    if (a.idleRssKb() >= 0 && b.idleRssKb() >= 0) {
      out[0] = Math.round((double) (b.idleRssKb() - a.idleRssKb()) / added * 100) / 100.0;
    }
    if (a.idleHeapKb() >= 0 && b.idleHeapKb() >= 0) {
      out[1] = Math.round((double) (b.idleHeapKb() - a.idleHeapKb()) / added * 100) / 100.0;
    }
    return out;
  }
}
