package io.cablekit.server.internal.http;

import io.cablekit.server.internal.Node;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /_broadcast} (PROTOCOL.md 4.3, HTTP row): 201 when accepted (also for bodies that
 * are not valid publications, which are only logged), 401 without the right Bearer key, 422 for
 * other methods or an unreadable body, 501 when handling failed.
 */
public final class BroadcastEndpoint implements Handler {
  private static final System.Logger LOG = System.getLogger(BroadcastEndpoint.class.getName());

  private static final Status UNPROCESSABLE = Status.create(422, "Unprocessable Entity");

  private final Node node;
  private final String key;

  /** @param key the Bearer key to require, or null for none */
  public BroadcastEndpoint(Node node, String key) {
    this.node = node;
    this.key = key;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    // anycable-go checks the method first, then the key
    if (req.prologue().method() != Method.POST) {
      res.status(UNPROCESSABLE).send();
      return;
    }
    if (key != null) {
      String token = Secrets.bearer(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      if (!Secrets.matches(key, token)) {
        LOG.log(System.Logger.Level.WARNING, "HTTP broadcast rejected: missing or wrong Bearer key");
        res.status(Status.UNAUTHORIZED_401).send();
        return;
      }
    }
    String body;
    try {
      body = new String(req.content().inputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "HTTP broadcast body could not be read: " + e);
      res.status(UNPROCESSABLE).send();
      return;
    }
    try {
      node.ingress(body, "http");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "HTTP broadcast handling failed", e);
      res.status(Status.NOT_IMPLEMENTED_501).send();
      return;
    }
    res.status(Status.CREATED_201).send();
  }
}
