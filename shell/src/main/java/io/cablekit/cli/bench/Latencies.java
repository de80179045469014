package io.cablekit.cli.bench;

import java.util.Arrays;

/**
 * Every latency of one measurement, in microseconds, kept exactly (a 1,000-client ramp step at a
 * few hundred broadcasts per second holds a few million values: a few MB). Percentiles use the
 * nearest-rank method: the p-th percentile of n sorted values is the value at rank ceil(p/100 x n).
 *
 * <p>Thread-safe: each selector thread records into its own instance; {@link #merge} combines them.
 */
public final class Latencies {
  private int[] values = new int[1024];
  private int size;

  /** Records one latency; negative values (clock steps) count as 0. */
  public synchronized void add(long micros) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, micros));
  }

  /** The number of values recorded. */
  public synchronized int count() {
    return size;
  }

  /** Returns one instance holding the values of all. */
  public static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies part : parts) {
      synchronized (part) {
        all.addAll(part.values, part.size);
      }
    }
    return all;
  }

  private synchronized void addAll(int[] more, int n) {
    if (size + n > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + n));
    }
    System.arraycopy(more, 0, values, size, n);
    size += n;
  }

  /** Sorts a copy and summarises it. */
  public synchronized Summary summary() {
    int[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return Summary.of(sorted);
  }

  /**
   * Latency percentiles in milliseconds; all zero when {@code count} is 0.
   *
   * @param count the number of values
   */
  public record Summary(long count, double p50, double p90, double p99, double max, double mean) {
    static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0);

    /** Summarises values already sorted ascending, in microseconds. */
    static Summary of(int[] sorted) {
      if (sorted.length == 0) {
        return EMPTY;
      }
      long sum = 0;
      for (int v : sorted) {
        sum += v;
      }
      return new Summary(
          sorted.length,
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 90)),
          ms(percentile(sorted, 99)),
          ms(sorted[sorted.length - 1]),
          ms((double) sum / sorted.length));
    }

    private static double ms(double micros) {
      return Math.round(micros / 10.0) / 100.0;
    }
  }

  /** The nearest-rank percentile of values sorted ascending; {@code p} in (0, 100]. */
  static int percentile(int[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    // p x n first: 90 x 10 / 100 is exactly 9, while 0.9 x 10 is 9.000000000000002
    int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
    return sorted[Math.max(1, rank) - 1];
  }
}
