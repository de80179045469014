package io.cablekit.cli;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableOptions;
import io.cablekit.server.CableServer;
import io.cablekit.server.OptionsException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cablekit serve}: the AnyCable-compatible server. Without {@code --rpc_host} the embedded
 * mock RPC answers in process (DECISIONS.md); with it, that RPC server is used.
 */
final class ServeCommand implements Command {
  private static final System.Logger LOG = System.getLogger("io.cablekit.cli.serve");

  static final List<CableOptions.Extra> EXTRAS = List.of();

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "Run the AnyCable-compatible WebSocket server (embedded mock RPC unless --rpc_host is given)";
  }

  @Override
  public void help(PrintStream out) {
    out.println("Usage: java -jar cablekit.jar serve [options]");
    out.println();
    out.println("Runs the server. anycable-go flags and ANYCABLE_* variables work unchanged.");
    out.println();
    out.print(CableOptions.usage(EXTRAS));
  }

  @Override
  public int run(List<String> args) throws Exception {
    CableOptions.Result options;
    try {
      options = CableOptions.parse(args, System.getenv(), EXTRAS);
    } catch (OptionsException e) {
      System.err.println("cablekit serve: " + e.getMessage());
      return 2;
    }
    Logging.configure(options.extras().getOrDefault("log_level", "info"), System.err);
    options.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
    CableConfig config = options.config();
    EmbeddedRpc rpc = null;
    if (!options.isSet("rpc_host")) {
      rpc = EmbeddedRpc.start();
      config = config.toBuilder().rpcHost(rpc.target()).build();
    }
    CableServer server = CableServer.start(config);
    if (rpc != null) {
      rpc.attach(server);
      LOG.log(
          System.Logger.Level.INFO,
          "Embedded mock RPC at {0} (permissive: every connection accepted, every subscription"
              + " confirmed, performs broadcast back)",
          rpc.target());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedRpc embedded = rpc;
    Signals.onTerminate(
        () -> {
          LOG.log(System.Logger.Level.INFO, "Shutting down (a second signal stops at once)");
          server.stop();
          if (embedded != null) {
            embedded.close();
          }
          stopped.countDown();
        });
    stopped.await();
    return 0;
  }
}
