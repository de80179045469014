package io.cablekit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;
import io.cablekit.server.Version;

/**
 * The JSON form of a {@link BenchResult} (snake_case keys, latencies in ms, memory in KB), and the
 * reading back of the few fields charts need.
 */
public final class ResultJson {
  /** Bumped when a key changes meaning. */
  public static final int FORMAT = 1;

  private ResultJson() {}

  public static ObjectNode write(BenchResult r) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("tool", "cablekit bench " + Version.CABLEKIT);
    root.put("label", r.label());
    root.put("url", r.url());
    root.put("mode", r.raw() ? "raw" : "actioncable");
    root.put("via", r.via());
    root.put("started_at", r.startedAt().toString());
    root.put("truncated", r.truncated());
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("load_generator_java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    if (r.serverPid() > 0) {
      root.put("server_pid", r.serverPid());
    }
    ArrayNode args = root.putArray("arguments");
    r.arguments().forEach(args::add);
    ArrayNode levels = root.putArray("levels");
    for (LevelResult level : r.levels()) {
      levels.add(level(level));
    }
    double[] perClient = r.memoryPerClientKb();
    if (!Double.isNaN(perClient[0]) || !Double.isNaN(perClient[1])) {
      ObjectNode memory = root.putObject("memory_per_added_client_kb");
      memory.put("from_clients", r.levels().get(0).ready());
      memory.put("to_clients", r.levels().get(r.levels().size() - 1).ready());
      putMeasured(memory, "rss", perClient[0]);
      putMeasured(memory, "live_heap", perClient[1]);
    }
    return root;
  }

  private static ObjectNode level(LevelResult l) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("clients", l.clients());
    o.put("subscribed", l.ready());
    o.put("failed", l.failed());
    o.put("lost_after_subscribed", l.lostAfterReady());
    ObjectNode connect = o.putObject("connect");
    connect.put("seconds", round(l.connectSeconds()));
    connect.set("time_ms", summary(l.connectTimes()));
    ObjectNode idle = o.putObject("idle_server");
    putKnown(idle, "rss_kb", l.idleRssKb());
    putKnown(idle, "live_heap_kb", l.idleHeapKb());
    putKnown(o.putObject("load_generator"), "rss_kb", l.generatorRssKb());
    if (l.measurement() != null) {
      o.set("broadcast", measurement(l.measurement()));
    }
    if (!l.ramp().isEmpty()) {
      ObjectNode ramp = o.putObject("ramp");
      ramp.put("sustained_deliveries_per_second", Math.round(l.sustainedDeliveriesPerSecond()));
      ArrayNode steps = ramp.putArray("steps");
      for (LevelResult.RampStep step : l.ramp()) {
        ObjectNode s = measurement(step.measurement());
        s.put("passed", step.passed());
        steps.add(s);
      }
    }
    ObjectNode problems = o.putObject("problems");
    l.problems().forEach(problems::put);
    return o;
  }

  static ObjectNode measurement(Measurement m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("rate", m.rate());
    o.put("achieved_rate", m.achievedRate());
    o.put("broadcasts", m.broadcasts());
    o.put("publish_errors", m.publishErrors());
    o.put("clients", m.clients());
    o.put("expected_deliveries", m.expected());
    o.put("deliveries", m.delivered());
    o.put("delivery_ratio", Math.round(m.ratio() * 100000) / 100000.0);
    o.put("deliveries_per_second", Math.round(m.deliveriesPerSecond()));
    o.set("latency_ms", summary(m.latency()));
    ObjectNode serverNode = o.putObject("server");
    putKnown(serverNode, "cpu_percent", m.serverCpuPercent());
    putKnown(serverNode, "rss_kb_peak", m.serverRssKbPeak());
    o.put("load_generator_cpu_percent", m.clientCpuPercent());
    return o;
  }

  static ObjectNode summary(Latencies.Summary s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("count", s.count());
    o.put("p50", s.p50());
    o.put("p90", s.p90());
    o.put("p99", s.p99());
    o.put("max", s.max());
    o.put("mean", s.mean());
    return o;
  }

  private static void putMeasured(ObjectNode o, String key, double value) {
    if (Double.isNaN(value)) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static void putKnown(ObjectNode o, String key, double value) {
    if (value >= 0) {
      o.put(key, value);
    } else {
      o.putNull(key);
    }
  }

  private static void putKnown(ObjectNode o, String key, long value) {
    if (value >= 0) {
      o.put(key, value);
    } else {
      o.putNull(key);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One server's points for a chart, read back from a result file. */
  public record Series(String label, java.util.List<double[]> byClients, java.util.List<double[]> ramp) {}

  /**
   * Reads the chart points of a result: {@code [clients, p50, p90, p99]} per level with a burst,
   * and {@code [deliveries/s, p99, passed]} per ramp step.
   */
  public static Series series(JsonNode root) {
    java.util.List<double[]> byClients = new java.util.ArrayList<>();
    java.util.List<double[]> ramp = new java.util.ArrayList<>();
    for (JsonNode level : root.path("levels")) {
      JsonNode b = level.path("broadcast");
      if (!b.isMissingNode()) {
        JsonNode l = b.path("latency_ms");
        byClients.add(new double[] {
          level.path("subscribed").asDouble(), l.path("p50").asDouble(), l.path("p90").asDouble(), l.path("p99").asDouble()
        });
      }
      for (JsonNode step : level.path("ramp").path("steps")) {
        ramp.add(new double[] {
          step.path("deliveries_per_second").asDouble(), step.path("latency_ms").path("p99").asDouble(),
          step.path("passed").asBoolean() ? 1 : 0
        });
      }
    }
    ramp.sort(java.util.Comparator.comparingDouble(p -> p[0]));
    return new Series(root.path("label").asText("?"), byClients, ramp);
  }
}
