package io.cablekit.server.internal.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /health}: 200 with anycable-go's fixed body, for any method. */
public final class HealthEndpoint implements Handler {
  static final String BODY = "Ah, ha, ha, ha, stayin' alive, stayin' alive.";

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    res.header("Content-Type", "text/plain; charset=utf-8").send(BODY);
  }
}
