import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Medians over repeated `cablekit bench` runs, as Markdown tables (BENCHMARKS.md).
 *
 * <pre>java -cp shell/target/cablekit.jar bench/Summarize.java bench/results/DATE</pre>
 *
 * Reads every {@code <server>-<kind>-run<k>.json} of the folder ({@code kind} is {@code fanout}
 * or {@code ramp}) and prints, per server and client count, the median of each figure over the
 * runs, the ratios of each run side by side and of the medians against the floor ({@code
 * ws-floor}) and Rails ({@code rails}); writes {@code median-<server>-fanout.json} for charts.
 */
public class Summarize {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    Map<String, List<JsonNode>> groups = new TreeMap<>();
    File[] files = dir.listFiles((d, n) -> n.matches(".+-(fanout|ramp)-run\\d+\\.json"));
    Arrays.sort(files);
    for (File f : files) {
      String key = f.getName().replaceAll("-run\\d+\\.json$", "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(MAPPER.readTree(f));
    }
    Map<String, Double> p99At1000 = new TreeMap<>();
    Map<String, Double> sustained = new TreeMap<>();
    System.out.println("### Fan-out at 2 broadcasts/s (medians of the runs)\n");
    System.out.println("| server | clients | runs | subscribed | connect s | p50 ms | p90 ms | p99 ms | max ms | delivered | server CPU % | idle RSS MB | live heap MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<JsonNode>> g : groups.entrySet()) {
      if (!g.getKey().endsWith("-fanout")) {
        continue;
      }
      String server = g.getKey().replace("-fanout", "");
      Map<Integer, List<JsonNode>> byClients = new TreeMap<>();
      for (JsonNode run : g.getValue()) {
        for (JsonNode level : run.path("levels")) {
          byClients.computeIfAbsent(level.path("clients").asInt(), k -> new ArrayList<>()).add(level);
        }
      }
      com.fasterxml.jackson.databind.node.ObjectNode medianJson = MAPPER.createObjectNode();
      medianJson.put("label", server + " (median of " + g.getValue().size() + ")");
      com.fasterxml.jackson.databind.node.ArrayNode medianLevels = medianJson.putArray("levels");
      for (Map.Entry<Integer, List<JsonNode>> e : byClients.entrySet()) {
        List<JsonNode> ls = e.getValue();
        com.fasterxml.jackson.databind.node.ObjectNode ml = medianLevels.addObject();
        ml.put("clients", e.getKey());
        ml.put("subscribed", median(ls, "subscribed"));
        com.fasterxml.jackson.databind.node.ObjectNode lat = ml.putObject("broadcast").putObject("latency_ms");
        for (String p : List.of("p50", "p90", "p99", "max")) {
          lat.put(p, median(ls, "broadcast.latency_ms." + p));
        }
        double p99 = median(ls, "broadcast.latency_ms.p99");
        if (e.getKey() == 1000) {
          p99At1000.put(server, p99);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            server, e.getKey(), ls.size(), fmt(median(ls, "subscribed"), 0), fmt(median(ls, "connect.seconds"), 1),
            fmt(median(ls, "broadcast.latency_ms.p50"), 1), fmt(median(ls, "broadcast.latency_ms.p90"), 1),
            fmt(p99, 1), fmt(median(ls, "broadcast.latency_ms.max"), 1),
            pct(median(ls, "broadcast.delivery_ratio")), fmt(median(ls, "broadcast.server.cpu_percent"), 0),
            fmt(median(ls, "idle_server.rss_kb") / 1024, 1), fmt(median(ls, "idle_server.live_heap_kb") / 1024, 1));
      }
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(new File(dir, "median-" + server + "-fanout.json"), medianJson);
      List<Double> rss = new ArrayList<>();
      List<Double> heap = new ArrayList<>();
      for (JsonNode run : g.getValue()) {
        JsonNode m = run.path("memory_per_added_client_kb");
        if (m.path("rss").isNumber()) {
          rss.add(m.path("rss").asDouble());
        }
        if (m.path("live_heap").isNumber()) {
          heap.add(m.path("live_heap").asDouble());
        }
      }
      if (!rss.isEmpty()) {
        System.out.printf(Locale.ROOT, "| %s | memory per added idle client | %d | RSS %s KB (runs: %s) | live heap %s KB (runs: %s) | | | | | | | | |%n",
            server, rss.size(), fmt(median(rss), 1), rss, fmt(median(heap), 1), heap);
      }
    }
    System.out.println("\n### Ramp: sustained deliveries/s with p99 under 250 ms (medians of the runs)\n");
    System.out.println("| server | clients | runs | sustained deliveries/s (median) | each run | highest passing rate, broadcasts/s |");
    System.out.println("|---|---:|---:|---:|---|---|");
    for (Map.Entry<String, List<JsonNode>> g : groups.entrySet()) {
      if (!g.getKey().endsWith("-ramp")) {
        continue;
      }
      String server = g.getKey().replace("-ramp", "");
      List<Double> values = new ArrayList<>();
      List<String> rates = new ArrayList<>();
      int clients = 0;
      for (JsonNode run : g.getValue()) {
        JsonNode level = run.path("levels").get(0);
        clients = level.path("subscribed").asInt();
        values.add(level.path("ramp").path("sustained_deliveries_per_second").asDouble());
        double best = 0;
        for (JsonNode step : level.path("ramp").path("steps")) {
          if (step.path("passed").asBoolean()) {
            best = Math.max(best, step.path("rate").asDouble());
          }
        }
        rates.add(fmt(best, 1));
      }
      sustained.put(server, median(values));
      System.out.printf(Locale.ROOT, "| %s | %,d | %d | %,.0f | %s | %s |%n", server, clients, values.size(), median(values),
          values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList(), rates);
    }
    System.out.println("\n### Ratios (side by side, same session)\n");
    System.out.println("Per run k, the servers ran one after the other within minutes; the ratio of run k's figures,");
    System.out.println("then the median of those ratios:\n");
    perRunRatio(groups, "cablekit-fanout", "ws-floor-fanout", "p99 at 1,000 clients, CableKit / floor (target <= 1.3)", false);
    perRunRatio(groups, "rails-fanout", "cablekit-fanout", "p99 at 1,000 clients, Rails / CableKit (target >= 4)", false);
    perRunRatio(groups, "cablekit-ramp", "rails-ramp", "sustained deliveries/s, CableKit / Rails (target >= 5)", true);
    System.out.println("\nRatios of the medians:\n");
    Double floor = p99At1000.get("ws-floor");
    Double rails = p99At1000.get("rails");
    for (Map.Entry<String, Double> e : p99At1000.entrySet()) {
      System.out.printf(Locale.ROOT, "- %s p99 at 1,000 clients: %.1f ms%s%s%n", e.getKey(), e.getValue(),
          floor == null ? "" : String.format(Locale.ROOT, "; %.2f x the floor", e.getValue() / floor),
          rails == null ? "" : String.format(Locale.ROOT, "; Rails / this = %.2f", rails / e.getValue()));
    }
    Double railsSustained = sustained.get("rails");
    for (Map.Entry<String, Double> e : sustained.entrySet()) {
      System.out.printf(Locale.ROOT, "- %s sustained %,.0f deliveries/s%s%n", e.getKey(), e.getValue(),
          railsSustained == null || railsSustained == 0 ? "" : String.format(Locale.ROOT, "; %.2f x Rails", e.getValue() / railsSustained));
    }
  }

  static void perRunRatio(Map<String, List<JsonNode>> groups, String a, String b, String what, boolean ramp) {
    List<JsonNode> as = groups.get(a);
    List<JsonNode> bs = groups.get(b);
    if (as == null || bs == null) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(as.size(), bs.size()); i++) {
      double x = ramp ? sustained(as.get(i)) : p99At(as.get(i), 1000);
      double y = ramp ? sustained(bs.get(i)) : p99At(bs.get(i), 1000);
      if (!Double.isNaN(x) && !Double.isNaN(y) && y > 0) {
        ratios.add(Math.round(x / y * 100) / 100.0);
      }
    }
    System.out.printf(Locale.ROOT, "- %s: runs %s, median %s%n", what, ratios, fmt(median(ratios), 2));
  }

  static double p99At(JsonNode run, int clients) {
    for (JsonNode level : run.path("levels")) {
      if (level.path("clients").asInt() == clients) {
        return level.path("broadcast").path("latency_ms").path("p99").asDouble(Double.NaN);
      }
    }
    return Double.NaN;
  }

  static double sustained(JsonNode run) {
    return run.path("levels").path(0).path("ramp").path("sustained_deliveries_per_second").asDouble(Double.NaN);
  }

  static double median(List<JsonNode> nodes, String path) {
    List<Double> values = new ArrayList<>();
    for (JsonNode n : nodes) {
      JsonNode v = n;
      for (String part : path.split("\\.")) {
        v = v.path(part);
      }
      if (v.isNumber()) {
        values.add(v.asDouble());
      }
    }
    return median(values);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", v * 100);
  }
}
