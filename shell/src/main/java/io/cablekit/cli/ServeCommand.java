package io.cablekit.cli;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableOptions;
import io.cablekit.server.CableServer;
import io.cablekit.server.EmbeddedRedis;
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

  static final List<CableOptions.Extra> EXTRAS =
      List.of(
          new CableOptions.Extra(
              "embedded_redis", "bool", "false",
              "Start a Redis in process and broadcast through it (adds the redis adapter)"),
          new CableOptions.Extra(
              "stubs", "string", null,
              "Stub file or directory for the embedded mock RPC (see docs/stub-files.md)"),
          new CableOptions.Extra(
              "watch", "bool", "false", "Reload the --stubs files when they change"),
          new CableOptions.Extra(
              "transport", "string", null,
              "How WebSocket connections are carried: nio (the default: a selector, nothing held per idle"
                  + " connection) or helidon (a thread and a read buffer per connection)"));

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

  /**
   * DECISIONS.md: Redis adapters only when asked. {@code --redis_url} or {@code --embedded_redis}
   * without {@code --broadcast_adapter} adds the {@code redis} adapter to {@code http}.
   */
  private static CableConfig redisDefaults(CableOptions.Result options) {
    CableConfig config = options.config();
    boolean asked = options.isSet("redis_url") || Boolean.parseBoolean(options.extras().get("embedded_redis"));
    if (asked && !options.isSet("broadcast_adapter")) {
      return config.toBuilder().broadcastAdapters(List.of("http", "redis")).build();
    }
    return config;
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
    LOG.log(System.Logger.Level.DEBUG, "Heap returned to the OS when idle: {0}", IdleMemory.apply());
    options.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
    CableConfig config = redisDefaults(options);
    String transport = options.extras().get("transport");
    if (transport != null && !transport.isEmpty()) {
      try {
        config = config.toBuilder().transport(transport).build();
      } catch (IllegalArgumentException e) {
        System.err.println("cablekit serve: --" + e.getMessage());
        return 2;
      }
    }
    EmbeddedRedis redis = null;
    if (Boolean.parseBoolean(options.extras().get("embedded_redis"))) {
      redis = EmbeddedRedis.start();
      config = config.toBuilder().redisUrl(redis.url()).build();
      LOG.log(System.Logger.Level.INFO, "Embedded Redis at {0}", redis.url());
    }
    EmbeddedRpc rpc = null;
    if (!options.isSet("rpc_host")) {
      rpc = EmbeddedRpc.start();
      config = config.toBuilder().rpcHost(rpc.target()).build();
      String stubs = options.extras().get("stubs");
      if (stubs != null && !stubs.isEmpty()) {
        try {
          rpc.load(java.nio.file.Path.of(stubs), Boolean.parseBoolean(options.extras().get("watch")));
        } catch (io.cablekit.mock.StubFileException e) {
          System.err.println("cablekit serve: the stubs do not load:\n" + e.getMessage());
          rpc.close();
          return 1;
        }
      }
    } else if (options.extras().get("stubs") != null) {
      System.err.println("cablekit serve: --stubs configures the embedded mock RPC, which --rpc_host replaces");
      return 2;
    }
    CableServer server = CableServer.start(config);
    // the shell's broadcast command finds the endpoint in GET /_cablekit/info
    server.broadcastUrl().ifPresent(u -> server.describe("broadcast_url", u.toString()));
    if (rpc != null) {
      rpc.attach(server);
      LOG.log(
          System.Logger.Level.INFO,
          "Embedded mock RPC at {0} (permissive: every connection accepted, every subscription"
              + " confirmed, performs broadcast back; admin API {1})",
          rpc.target(),
          rpc.adminUrl());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedRpc embedded = rpc;
    EmbeddedRedis embeddedRedis = redis;
    Signals.onTerminate(
        () -> {
          LOG.log(System.Logger.Level.INFO, "Shutting down (a second signal stops at once)");
          server.stop();
          if (embedded != null) {
            embedded.close();
          }
          if (embeddedRedis != null) {
            embeddedRedis.close();
          }
          stopped.countDown();
        });
    stopped.await();
    return 0;
  }
}
