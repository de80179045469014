package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.support.Harness;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 5.6: Prometheus metrics with anycable-go's names. */
class MetricsTest {
  @Test
  void servesPrometheusTextWithAnycableGoNames() throws Exception {
    try (Harness h = Harness.start(b -> b.metricsHttp("/metrics"))) {
      h.connectWelcomed();
      h.server.broadcast("s", "1");
      var response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(h.server.metricsUrl().orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(response.body())
          .contains("# TYPE anycable_go_clients_num gauge\nanycable_go_clients_num 1\n")
          .contains("# TYPE anycable_go_rpc_call_total counter\nanycable_go_rpc_call_total 1\n")
          .contains("# TYPE anycable_go_broadcast_msg_total counter\nanycable_go_broadcast_msg_total 1\n")
          .contains("anycable_go_failed_auths_total 0\n")
          .contains("anycable_go_disconnect_queue_size 0\n")
          .contains("anycable_go_rpc_pending_num 0\n");
    }
  }

  @Test
  void servesMetricsOnTheirOwnPortWhenAsked() throws Exception {
    try (Harness h = Harness.start(b -> b.metricsHttp("/metrics").metricsPort(0))) {
      assertThat(h.server.metricsUrl().orElseThrow().getPort()).isEqualTo(h.server.port());
    }
  }
}
