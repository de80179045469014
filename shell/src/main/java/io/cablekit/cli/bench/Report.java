package io.cablekit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The text summary printed on stdout: one table row per server and client count. */
public final class Report {
  private Report() {}

  /** Prints the results (as written by {@link ResultJson}). */
  public static void print(List<JsonNode> results, PrintStream out) {
    out.printf(Locale.ROOT, "%-22s %8s %8s %9s %8s %8s %8s %8s %9s %8s %10s%n",
        "server", "clients", "subscr.", "connect s", "p50 ms", "p90 ms", "p99 ms", "max ms", "delivered",
        "srv CPU%", "idle RSS MB");
    for (JsonNode r : results) {
      String label = r.path("label").asText();
      for (JsonNode level : r.path("levels")) {
        JsonNode b = level.path("broadcast");
        JsonNode l = b.path("latency_ms");
        JsonNode rss = level.path("idle_server").path("rss_kb");
        out.printf(Locale.ROOT, "%-22s %8d %8d %9.1f %8s %8s %8s %8s %9s %8s %10s%n",
            label, level.path("clients").asInt(), level.path("subscribed").asInt(),
            level.path("connect").path("seconds").asDouble(),
            num(l.path("p50")), num(l.path("p90")), num(l.path("p99")), num(l.path("max")),
            b.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f%%", b.path("delivery_ratio").asDouble() * 100),
            b.isMissingNode() ? "-" : num(b.path("server").path("cpu_percent")),
            rss.isNumber() ? String.format(Locale.ROOT, "%.1f", rss.asDouble() / 1024) : "-");
        JsonNode ramp = level.path("ramp");
        if (!ramp.isMissingNode()) {
          out.printf(Locale.ROOT, "%-22s ramp at %d clients: sustained %d deliveries/s with p99 under the limit%n",
              label, level.path("subscribed").asInt(), ramp.path("sustained_deliveries_per_second").asLong());
          for (JsonNode step : ramp.path("steps")) {
            out.printf(Locale.ROOT, "%-22s   %8s broadcasts/s %9d deliveries/s  p50 %8s  p99 %8s  delivered %7.2f%%  %s%n",
                "", Bench.format(step.path("rate").asDouble()), step.path("deliveries_per_second").asLong(),
                num(step.path("latency_ms").path("p50")), num(step.path("latency_ms").path("p99")),
                step.path("delivery_ratio").asDouble() * 100, step.path("passed").asBoolean() ? "ok" : "over");
          }
        }
      }
      JsonNode memory = r.path("memory_per_added_client_kb");
      if (!memory.isMissingNode()) {
        out.printf(Locale.ROOT, "%-22s idle memory per added client (%d -> %d): RSS %s KB, live heap %s KB%n",
            label, memory.path("from_clients").asInt(), memory.path("to_clients").asInt(),
            num(memory.path("rss")), num(memory.path("live_heap")));
      }
      if (r.path("truncated").asBoolean()) {
        out.printf("%-22s (cut short by --duration)%n", label);
      }
    }
  }

  private static String num(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", n.asDouble());
  }
}
