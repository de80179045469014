package io.cablekit.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything measured at one client count.
 *
 * @param clients the client count asked for
 * @param ready clients subscribed after connecting
 * @param failed clients that failed to connect or subscribe (cumulative)
 * @param lostAfterReady clients the server dropped after they were subscribed (cumulative)
 * @param connectSeconds time to open and subscribe the clients added for this level
 * @param connectTimes per-client connect time (TCP connect to confirmed subscription)
 * @param idleRssKb server RSS with every client idle, after a full GC with --gc; -1 unknown
 * @param idleHeapKb server live heap after a full GC (--gc, JVM only); -1 unknown
 * @param generatorRssKb the load generator's own RSS with every client idle
 * @param measurement the fixed-rate burst, or null (--broadcasts=0 or --ramp)
 * @param ramp the ramp steps in the order run, empty without --ramp
 * @param sustainedDeliveriesPerSecond the highest deliveries/s of a passing ramp step; 0 if none
 * @param problems failure messages with counts
 */
public record LevelResult(
    int clients,
    int ready,
    int failed,
    int lostAfterReady,
    double connectSeconds,
    Latencies.Summary connectTimes,
    long idleRssKb,
    long idleHeapKb,
    long generatorRssKb,
    Measurement measurement,
    List<RampStep> ramp,
    double sustainedDeliveriesPerSecond,
    Map<String, Long> problems) {

  public LevelResult {
    ramp = List.copyOf(ramp);
    problems = Map.copyOf(problems);
  }

  /** One rate of a ramp and whether it stayed within the latency limit. */
  public record RampStep(Measurement measurement, boolean passed) {}
}
