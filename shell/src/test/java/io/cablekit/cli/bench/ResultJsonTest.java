package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
  private static final Latencies.Summary LATENCY = new Latencies.Summary(20000, 9.5, 14.9, 37.8, 38.3, 10.2);

  private static Measurement burst(double rate, int clients, double p99) {
    return new Measurement(rate, rate, 20, 0, clients, 20L * clients, 20L * clients,
        new Latencies.Summary(20L * clients, 5, 8, p99, p99 + 1, 6), 35.5, 900_000, 40.0);
  }

  private static BenchResult result() {
    LevelResult small = new LevelResult(1000, 1000, 0, 0, 4.4, LATENCY, 288_000, 55_000, 90_000,
        burst(2, 1000, 37.8), List.of(), 0, Map.of());
    LevelResult big = new LevelResult(10000, 10000, 2, 1, 20.0, LATENCY, 1_224_000, 398_000, 120_000,
        burst(2, 10000, 144.4),
        List.of(new LevelResult.RampStep(burst(100, 10000, 80), true), new LevelResult.RampStep(burst(200, 10000, 400), false)),
        1_000_000, Map.of("closed by the server with code 1011", 2L));
    return new BenchResult("cablekit", "ws://localhost:8080/cable", false, "http",
        Instant.parse("2026-11-29T23:00:00Z"), 4242, List.of("--clients=1000,10000"), List.of(small, big), false);
  }

  @Test
  void writesTheDocumentedShape() {
    JsonNode json = ResultJson.write(result());
    assertThat(json.path("format").asInt()).isEqualTo(1);
    assertThat(json.path("label").asText()).isEqualTo("cablekit");
    assertThat(json.path("mode").asText()).isEqualTo("actioncable");
    assertThat(json.path("via").asText()).isEqualTo("http");
    assertThat(json.path("server_pid").asLong()).isEqualTo(4242);
    assertThat(json.path("machine").path("cores").asInt()).isPositive();
    JsonNode level = json.path("levels").get(0);
    assertThat(level.path("clients").asInt()).isEqualTo(1000);
    assertThat(level.path("subscribed").asInt()).isEqualTo(1000);
    assertThat(level.path("connect").path("seconds").asDouble()).isEqualTo(4.4);
    assertThat(level.path("idle_server").path("rss_kb").asLong()).isEqualTo(288_000);
    assertThat(level.path("load_generator").path("rss_kb").asLong()).isEqualTo(90_000);
    JsonNode b = level.path("broadcast");
    assertThat(b.path("delivery_ratio").asDouble()).isEqualTo(1.0);
    assertThat(b.path("deliveries_per_second").asLong()).isEqualTo(2000);
    assertThat(b.path("latency_ms").path("p99").asDouble()).isEqualTo(37.8);
    assertThat(b.path("server").path("cpu_percent").asDouble()).isEqualTo(35.5);
    for (String key : List.of("count", "p50", "p90", "p99", "max", "mean")) {
      assertThat(b.path("latency_ms").has(key)).as(key).isTrue();
    }
  }

  @Test
  void writesRampStepsAndTheSustainedFigure() {
    JsonNode ramp = ResultJson.write(result()).path("levels").get(1).path("ramp");
    assertThat(ramp.path("sustained_deliveries_per_second").asLong()).isEqualTo(1_000_000);
    assertThat(ramp.path("steps")).hasSize(2);
    assertThat(ramp.path("steps").get(1).path("passed").asBoolean()).isFalse();
  }

  @Test
  void writesMemoryPerAddedClientBetweenTheFirstAndLastLevel() {
    JsonNode memory = ResultJson.write(result()).path("memory_per_added_client_kb");
    assertThat(memory.path("from_clients").asInt()).isEqualTo(1000);
    assertThat(memory.path("to_clients").asInt()).isEqualTo(10000);
    // (1,224,000 - 288,000) / 9,000 and (398,000 - 55,000) / 9,000
    assertThat(memory.path("rss").asDouble()).isEqualTo(104.0);
    assertThat(memory.path("live_heap").asDouble()).isEqualTo(38.11);
  }

  @Test
  void keepsANegativeMemoryDifference() {
    LevelResult a = new LevelResult(100, 100, 0, 0, 1, LATENCY, 170_000, -1, 1, null, List.of(), 0, Map.of());
    LevelResult b = new LevelResult(200, 200, 0, 0, 1, LATENCY, 160_000, -1, 1, null, List.of(), 0, Map.of());
    BenchResult r = new BenchResult("x", "ws://x/cable", false, "http", Instant.now(), 1, List.of(), List.of(a, b), false);
    JsonNode memory = ResultJson.write(r).path("memory_per_added_client_kb");
    assertThat(memory.path("rss").asDouble()).isEqualTo(-100.0);
    assertThat(memory.path("live_heap").isNull()).isTrue();
  }

  @Test
  void writesUnknownValuesAsNull() {
    LevelResult level = new LevelResult(50, 50, 0, 0, 1, LATENCY, -1, -1, -1, null, List.of(), 0, Map.of());
    BenchResult r = new BenchResult("x", "ws://x/cable", true, "http", Instant.now(), 0, List.of(), List.of(level), false);
    JsonNode json = ResultJson.write(r);
    assertThat(json.path("mode").asText()).isEqualTo("raw");
    assertThat(json.path("levels").get(0).path("idle_server").path("rss_kb").isNull()).isTrue();
    assertThat(json.has("memory_per_added_client_kb")).isFalse();
    assertThat(json.has("server_pid")).isFalse();
  }

  @Test
  void readsChartSeriesBack() {
    ResultJson.Series series = ResultJson.series(ResultJson.write(result()));
    assertThat(series.label()).isEqualTo("cablekit");
    assertThat(series.byClients()).hasSize(2);
    assertThat(series.byClients().get(1)).containsExactly(10000, 5, 8, 144.4);
    assertThat(series.ramp()).hasSize(2);
    assertThat(series.ramp().get(0)).containsExactly(1_000_000, 80, 1);
  }
}
