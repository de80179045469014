package io.cablekit.cli.shell;

import io.cablekit.mock.AdminApi;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import java.time.Duration;

/**
 * A CableKit server with a permissive mock RPC whose admin API it names in {@code
 * /_cablekit/info}: what {@code shell --embedded} and {@code serve} run, on free ports.
 */
final class CableFixture implements AutoCloseable {
  final MockRpc mock;
  final CableServer server;

  CableFixture() {
    mock = MockRpc.start(MockRpcConfig.builder().mode(Mode.PERMISSIVE).route(AdminApi.routes(null, false)).build());
    server = CableServer.start(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0)
        .shutdownTimeout(Duration.ofSeconds(2)).rpcHost(mock.target()).broker("memory").build());
    mock.broadcaster(server::broadcast);
    server.describe("mock_admin", "http://" + mock.target() + "/__admin");
    server.broadcastUrl().ifPresent(u -> server.describe("broadcast_url", u.toString()));
  }

  String url() {
    return server.url().toString();
  }

  @Override
  public void close() {
    server.close();
    mock.close();
  }
}
