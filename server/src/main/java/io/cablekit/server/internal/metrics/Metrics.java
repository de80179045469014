package io.cablekit.server.internal.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters and gauges, named as anycable-go names them (PROTOCOL.md 5.6), and their
 * Prometheus text exposition. Counters are {@link LongAdder}s so hot paths never contend.
 */
public final class Metrics {
  /** Prefix anycable-go puts before every metric name in its Prometheus output. */
  public static final String PREFIX = "anycable_go_";

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  /** A monotonically increasing count. */
  public static final class Counter {
    private final String help;
    private final LongAdder value = new LongAdder();

    private Counter(String help) {
      this.help = help;
    }

    public void inc() {
      value.increment();
    }

    public void add(long n) {
      value.add(n);
    }

    public long get() {
      return value.sum();
    }
  }

  private record Gauge(String help, LongSupplier value) {}

  /** Returns the counter called {@code name}, creating it on first use. */
  public Counter counter(String name, String help) {
    return counters.computeIfAbsent(name, n -> new Counter(help));
  }

  /** Registers a gauge read at exposition time. */
  public void gauge(String name, String help, LongSupplier value) {
    gauges.put(name, new Gauge(help, value));
  }

  /** Returns the current value of a counter or gauge, or -1 when none has that name. */
  public long value(String name) {
    Counter c = counters.get(name);
    if (c != null) {
      return c.get();
    }
    Gauge g = gauges.get(name);
    return g == null ? -1 : g.value().getAsLong();
  }

  /** Returns every metric's current value by name (without the Prometheus prefix). */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((name, c) -> out.put(name, c.get()));
    gauges.forEach((name, g) -> out.put(name, g.value().getAsLong()));
    return out;
  }

  /** Renders every metric in the Prometheus text exposition format 0.0.4. */
  public String prometheus() {
    StringBuilder out = new StringBuilder(4096);
    new TreeMap<>(counters)
        .forEach((name, c) -> write(out, name, c.help, "counter", c.get()));
    new TreeMap<>(gauges)
        .forEach((name, g) -> write(out, name, g.help(), "gauge", g.value().getAsLong()));
    return out.toString();
  }

  private static void write(StringBuilder out, String name, String help, String type, long v) {
    String full = PREFIX + name;
    out.append("# HELP ").append(full).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(full).append(' ').append(type).append('\n');
    out.append(full).append(' ').append(v).append('\n');
  }
}
