package io.cablekit.server.internal.http;

import io.cablekit.server.internal.metrics.Metrics;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Prometheus text exposition of the server's metrics ({@code --metrics_http}). */
public final class MetricsEndpoint implements Handler {
  private final Metrics metrics;

  public MetricsEndpoint(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8").send(metrics.prometheus());
  }
}
