package io.cablekit.cli;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.server.CableServer;

/**
 * The mock RPC that {@code serve} runs in process when no {@code --rpc_host} is given: permissive
 * until stubs are loaded, so a front end works out of the box (README, "Defaults").
 */
final class EmbeddedRpc implements AutoCloseable {
  private final MockRpc mock;

  private EmbeddedRpc(MockRpc mock) {
    this.mock = mock;
  }

  static EmbeddedRpc start() {
    return new EmbeddedRpc(MockRpc.start(MockRpcConfig.builder().mode(Mode.PERMISSIVE).build()));
  }

  MockRpc mock() {
    return mock;
  }

  /** The gRPC target the server calls. */
  String target() {
    return mock.target();
  }

  /** Sends the mock's broadcasts through the server's own broadcast path. */
  void attach(CableServer server) {
    mock.broadcaster(server::broadcast);
  }

  @Override
  public void close() {
    mock.close();
  }
}
