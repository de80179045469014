package io.cablekit.cli;

import io.cablekit.mock.AdminApi;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.mock.StubFileException;
import io.cablekit.mock.StubFiles;
import io.cablekit.mock.StubWatcher;
import io.cablekit.server.CableServer;
import java.nio.file.Path;

/**
 * The mock RPC that {@code serve} runs in process when no {@code --rpc_host} is given: permissive
 * until stubs are loaded, so a front end works out of the box (README, "Defaults").
 */
final class EmbeddedRpc implements AutoCloseable {
  private final MockRpc mock;
  private StubWatcher watcher;

  private EmbeddedRpc(MockRpc mock) {
    this.mock = mock;
  }

  static EmbeddedRpc start() {
    // the admin API (loopback only, no token) lets the shell list and load stubs and read the journal
    return new EmbeddedRpc(
        MockRpc.start(
            MockRpcConfig.builder().mode(Mode.PERMISSIVE).route(AdminApi.routes(null, false)).build()));
  }

  MockRpc mock() {
    return mock;
  }

  /** The gRPC target the server calls. */
  String target() {
    return mock.target();
  }

  /** The base URL of the mock's admin API: {@code http://127.0.0.1:<port>/__admin}. */
  String adminUrl() {
    return "http://" + mock.target() + "/__admin";
  }

  /** Loads stub files (all or nothing) and, with {@code watch}, reloads them on change. */
  void load(Path stubs, boolean watch) throws StubFileException {
    mock.replaceStubs(StubFiles.load(stubs));
    if (watch) {
      watcher = StubWatcher.watch(mock, stubs);
    }
  }

  /**
   * Sends the mock's broadcasts through the server's own broadcast path, and names the admin API
   * in the server's {@code GET /_cablekit/info} ({@code extra.mock_admin}) for the shell.
   */
  void attach(CableServer server) {
    mock.broadcaster(server::broadcast);
    server.describe("mock_admin", adminUrl());
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    mock.close();
  }
}
