package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cablekit bench} against {@code cablekit serve} with no setup: 50 clients, a few seconds. */
class BenchIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void measuresFanOutAgainstServeWithNoSetup(@TempDir Path dir) throws Exception {
    try (CableKitProcess serve = CableKitProcess.start("serve", "--port=0", "--http_broadcast_port=0")) {
      String port = serve.await("listening on ws://localhost:(\\d+)/cable", WAIT);
      String broadcast = serve.output().stream()
          .filter(l -> l.contains("HTTP broadcast: "))
          .map(l -> l.replaceAll(".*HTTP broadcast: (http://\\S+?)\\).*", "$1"))
          .findFirst().orElseThrow();
      Path json = dir.resolve("bench.json");
      Path chart = dir.resolve("bench.png");
      try (CableKitProcess bench = CableKitProcess.start("bench",
          "--url=ws://127.0.0.1:" + port + "/cable", "--broadcast_url=" + broadcast,
          "--clients=20,50", "--broadcasts=6", "--rate=10", "--warmup=2", "--settle=200ms", "--drain=3s",
          "--duration=15s", "--json=" + json, "--chart=" + chart, "--label=serve")) {
        assertThat(bench.awaitExit(WAIT)).as(String.join("\n", bench.output())).isEqualTo(0);
        assertThat(bench.output()).anyMatch(l -> l.startsWith("serve") && l.contains("100.00%"));
      }
      JsonNode result = Json.MAPPER.readTree(json.toFile());
      JsonNode level = result.path("levels").get(1);
      assertThat(level.path("subscribed").asInt()).isEqualTo(50);
      assertThat(level.path("broadcast").path("expected_deliveries").asLong()).isEqualTo(300);
      assertThat(level.path("broadcast").path("deliveries").asLong()).isEqualTo(300);
      assertThat(level.path("broadcast").path("latency_ms").path("p99").asDouble()).isPositive();
      assertThat(Files.size(chart)).isPositive();
    }
  }
}
