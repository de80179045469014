package io.cablekit.cli.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a bench: for each client count, connect (keeping the clients of the previous count),
 * sample the idle server, then publish a burst of stamped broadcasts at a fixed rate, or step the
 * rate up (the ramp), and collect delivery latencies at the clients.
 */
public final class Bench {
  /** A ramp step fails when fewer than this share of the deliveries arrive. */
  static final double MIN_RATIO = 0.99;
  /** A ramp step fails when the publisher reaches less than this share of the rate. */
  static final double MIN_RATE_SHARE = 0.9;
  /** Bisection steps between the last passing and the first failing ramp rate. */
  static final int RAMP_REFINEMENTS = 2;

  private final BenchOptions options;
  private final List<String> arguments;
  private final Progress progress;
  private final ProcessProbe server;
  private final ProcessProbe self = ProcessProbe.self();
  private long deadline;
  private long nextSeq = 1;
  private Clients clients;
  private Publisher publisher;

  public Bench(BenchOptions options, List<String> arguments, Progress progress) {
    this.options = options;
    this.arguments = List.copyOf(arguments);
    this.progress = progress;
    this.server = options.pid() > 0 ? new ProcessProbe(options.pid()) : null;
  }

  /** Runs the whole bench; returns what it measured, also when cut short by the duration cap. */
  public BenchResult run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    deadline = System.nanoTime() + options.duration().toNanos();
    List<LevelResult> levels = new ArrayList<>();
    boolean truncated = false;
    try (Clients c = new Clients(options)) {
      clients = c;
      for (int n : options.clients()) {
        if (System.nanoTime() > deadline) {
          truncated = true;
          break;
        }
        LevelResult level = level(n);
        levels.add(level);
        if (level.ready() == 0) {
          break;
        }
      }
      truncated |= System.nanoTime() > deadline;
    } finally {
      if (publisher != null) {
        publisher.close();
      }
    }
    return new BenchResult(
        options.label(), options.url().toString(), options.raw(), options.via().name().toLowerCase(java.util.Locale.ROOT),
        started, options.pid(), arguments, levels, truncated);
  }

  private LevelResult level(int n) throws IOException, InterruptedException {
    progress.note("== " + n + " clients ==");
    long t0 = System.nanoTime();
    clients.connect(n, options.connectRate(), Math.min(deadline, t0 + options.connectTimeout().toNanos()), progress);
    double connectSeconds = (System.nanoTime() - t0) / 1e9;
    Latencies.Summary connectTimes = clients.takeConnectTimes().summary();
    progress.note(String.format(java.util.Locale.ROOT,
        "connected %d of %d in %.1f s (connect p50 %.1f ms, p99 %.1f ms)%s",
        clients.ready(), n, connectSeconds, connectTimes.p50(), connectTimes.p99(),
        clients.failed() > 0 ? ", " + clients.failed() + " failed" : ""));
    if (clients.ready() == 0) {
      return new LevelResult(n, 0, clients.failed(), clients.lostAfterReady(), connectSeconds, connectTimes,
          -1, -1, self.rssKb(), null, List.of(), 0, clients.takeProblems());
    }
    sleep(options.settle().toNanos());
    long rss = -1;
    long heap = -1;
    if (server != null) {
      if (options.gc() && server.fullGc()) {
        sleep(500_000_000L);
        heap = server.heapUsedKb();
      }
      rss = server.rssKb();
      progress.note("idle server: RSS " + rss + " KB" + (heap >= 0 ? ", live heap " + heap + " KB" : ""));
    }
    long generatorRss = self.rssKb();
    Measurement measurement = null;
    List<LevelResult.RampStep> steps = new ArrayList<>();
    double sustained = 0;
    boolean publishes = options.ramp() || options.broadcasts() > 0;
    if (publishes && publisher == null) {
      publisher = Publisher.create(options, clients);
    }
    if (publishes && options.warmup() > 0) {
      burst(options.ramp() ? options.rampRates().get(0) : options.rate(), options.warmup(), "warm-up");
    }
    if (options.ramp()) {
      steps = ramp();
      sustained = steps.stream().filter(LevelResult.RampStep::passed)
          .mapToDouble(s -> s.measurement().deliveriesPerSecond()).max().orElse(0);
    } else if (options.broadcasts() > 0) {
      measurement = burst(options.rate(), options.broadcasts(), "broadcast");
      report(measurement);
    }
    return new LevelResult(n, clients.ready(), clients.failed(), clients.lostAfterReady(), connectSeconds,
        connectTimes, rss, heap, generatorRss, measurement, steps, sustained, clients.takeProblems());
  }

  private List<LevelResult.RampStep> ramp() throws InterruptedException {
    List<LevelResult.RampStep> steps = new ArrayList<>();
    double pass = 0;
    double fail = 0;
    List<Double> rates = options.rampRates();
    for (int i = 0; fail == 0 && System.nanoTime() < deadline; i++) {
      // past the listed rates, keep going up by half until a step fails (or the duration cap)
      double rate = i < rates.size() ? rates.get(i) : Math.round(pass * 1.5);
      LevelResult.RampStep step = rampStep(rate);
      steps.add(step);
      if (step.passed()) {
        pass = rate;
      } else {
        fail = rate;
      }
    }
    for (int i = 0; i < RAMP_REFINEMENTS && pass > 0 && fail > 0 && System.nanoTime() < deadline; i++) {
      double mid = Math.round((pass + fail) / 2 * 10) / 10.0;
      if (mid <= pass || mid >= fail) {
        break;
      }
      LevelResult.RampStep step = rampStep(mid);
      steps.add(step);
      if (step.passed()) {
        pass = mid;
      } else {
        fail = mid;
      }
    }
    return steps;
  }

  private LevelResult.RampStep rampStep(double rate) throws InterruptedException {
    quiesce();
    long count = Math.max(1, Math.round(rate * options.stepDuration().toNanos() / 1e9));
    Measurement m = burst(rate, count, "ramp " + format(rate) + "/s");
    boolean publisherKeptUp = m.achievedRate() >= MIN_RATE_SHARE * rate;
    boolean passed = m.latency().p99() <= options.rampLimitMs()
        && m.ratio() >= MIN_RATIO
        && publisherKeptUp
        && m.delivered() > 0;
    progress.note(String.format(java.util.Locale.ROOT,
        "ramp %s broadcasts/s (%.0f deliveries/s): p50 %.1f ms, p99 %.1f ms, delivered %.2f%% -> %s",
        format(rate), m.deliveriesPerSecond(), m.latency().p50(), m.latency().p99(), m.ratio() * 100,
        passed ? "sustained" : publisherKeptUp ? "NOT sustained"
            : "NOT sustained: the publisher reached " + m.achievedRate() + " broadcasts/s"));
    return new LevelResult.RampStep(m, passed);
  }

  /** Waits until no stamped message has arrived for half a second (at most 15 s). */
  private void quiesce() throws InterruptedException {
    long until = System.nanoTime() + 15_000_000_000L;
    long last = clients.stamped();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < until && System.nanoTime() - quietSince < 500_000_000L) {
      Thread.sleep(50);
      long now = clients.stamped();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
  }

  /** Publishes {@code count} broadcasts at {@code rate} and waits for their deliveries. */
  private Measurement burst(double rate, long count, String phase) throws InterruptedException {
    long from = nextSeq;
    long to = from + count - 1;
    nextSeq = to + 1;
    int subscribed = clients.ready();
    Window window = clients.open(from, to);
    long serverTicks = server == null ? -1 : server.cpuTicks();
    long selfTicks = self.cpuTicks();
    AtomicLong peak = new AtomicLong(-1);
    Thread sampler = server == null ? null : Thread.ofVirtual().start(() -> samplePeak(peak));
    long start = System.nanoTime();
    double interval = 1e9 / rate;
    long sent = 0;
    long errors = 0;
    long lastStart = start;
    for (long i = 0; i < count; i++) {
      long due = start + Math.round(i * interval);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      lastStart = System.nanoTime();
      try {
        publisher.publish(from + i);
        sent++;
      } catch (IOException e) {
        errors++;
        clients.problem("publish failed: " + e.getMessage());
      }
      progress.update(phase, i + 1, count);
    }
    long expected = (long) subscribed * sent;
    long drainUntil = System.nanoTime() + options.drain().toNanos();
    while (window.delivered() < expected && System.nanoTime() < drainUntil) {
      Thread.sleep(2);
    }
    long end = System.nanoTime();
    clients.closeWindow();
    if (sampler != null) {
      sampler.interrupt();
      sampler.join();
    }
    progress.done(phase, sent, count);
    double achieved = sent <= 1 ? rate : sent / ((lastStart - start) / 1e9 + 1 / rate);
    Latencies.Summary latency = window.all().summary();
    return new Measurement(
        rate,
        Math.round(achieved * 100) / 100.0,
        sent,
        errors,
        subscribed,
        expected,
        Math.min(expected, window.delivered()),
        latency,
        server == null ? -1 : ProcessProbe.cpuPercent(serverTicks, server.cpuTicks(), end - start),
        peak.get(),
        ProcessProbe.cpuPercent(selfTicks, self.cpuTicks(), end - start));
  }

  private void samplePeak(AtomicLong peak) {
    while (!Thread.currentThread().isInterrupted()) {
      long rss = server.rssKb();
      peak.accumulateAndGet(rss, Math::max);
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void report(Measurement m) {
    progress.note(String.format(java.util.Locale.ROOT,
        "%d broadcasts to %d clients: delivered %.2f%%, latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
        m.broadcasts(), m.clients(), m.ratio() * 100, m.latency().p50(), m.latency().p90(), m.latency().p99(),
        m.latency().max()));
  }

  private static void sleep(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }

  static String format(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }
}
