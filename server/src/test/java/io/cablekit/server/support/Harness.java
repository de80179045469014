package io.cablekit.server.support;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A test RPC server plus a CableServer on random loopback ports; closes both, and every client. */
public final class Harness implements AutoCloseable {
  public final TestRpcServer rpc;
  public final CableServer server;
  private final List<TestClient> clients = new ArrayList<>();

  private Harness(TestRpcServer rpc, CableServer server) {
    this.rpc = rpc;
    this.server = server;
  }

  public static Harness start() {
    return start(b -> b);
  }

  public static Harness start(UnaryOperator<CableConfig.Builder> config) {
    TestRpcServer rpc = TestRpcServer.start();
    CableConfig.Builder b =
        CableConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .httpBroadcastPort(0)
            .rpcHost(rpc.target())
            .shutdownTimeout(java.time.Duration.ofSeconds(5));
    return new Harness(rpc, CableServer.start(config.apply(b).build()));
  }

  /** Connects a client offering actioncable-v1-json. */
  public TestClient connect() {
    return track(TestClient.connect(server.url()));
  }

  public TestClient connect(String query, Map<String, String> headers) {
    return track(
        TestClient.connect(
            URI.create(server.url() + (query.isEmpty() ? "" : "?" + query)),
            headers,
            List.of("actioncable-v1-json")));
  }

  /** Connects and consumes the welcome. */
  public TestClient connectWelcomed() {
    TestClient client = connect();
    String type = client.receive().path("type").asText();
    if (!type.equals("welcome")) {
      throw new AssertionError("expected welcome, got " + type);
    }
    return client;
  }

  public TestClient track(TestClient client) {
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(TestClient::close);
    server.close();
    rpc.close();
  }
}
