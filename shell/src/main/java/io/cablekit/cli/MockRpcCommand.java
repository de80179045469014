package io.cablekit.cli;

import io.cablekit.mock.AdminApi;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.mock.Recorder;
import io.cablekit.mock.StubFileException;
import io.cablekit.mock.StubFiles;
import io.cablekit.mock.StubWatcher;
import io.cablekit.server.Broadcast;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code cablekit mock-rpc}: the mock RPC server on its own (gRPC, HTTP RPC and the admin API on
 * one port), for a real AnyCable server to call; {@code --validate} checks stub files; {@code
 * --record} proxies to a real RPC server and writes what it saw as stub files.
 */
final class MockRpcCommand implements Command {
  private static final System.Logger LOG = System.getLogger("io.cablekit.cli.mock-rpc");

  private static final CliFlags FLAGS =
      new CliFlags(
          "mock-rpc",
          List.of(
              new CliFlags.Flag("host", false, "127.0.0.1", "Listen address (0.0.0.0 for every interface)"),
              new CliFlags.Flag("port", false, "50051", "Port of gRPC, HTTP RPC and the admin API; 0 picks one"),
              new CliFlags.Flag("stubs", false, null, "Stub file or directory (YAML/JSON) to load"),
              new CliFlags.Flag("watch", true, "false", "Reload the stubs when a file changes"),
              new CliFlags.Flag("validate", false, null, "Check a stub file or directory, print every problem, exit 0 or 1"),
              new CliFlags.Flag("mode", false, null, "strict or permissive (default: permissive without stubs, strict with)"),
              new CliFlags.Flag("http_path", false, "/_anycable", "Base path of the HTTP RPC endpoints"),
              new CliFlags.Flag("http_rpc_secret", false, null, "Bearer secret HTTP RPC requests must carry"),
              new CliFlags.Flag("admin_token", false, null, "Bearer token the admin API requires"),
              new CliFlags.Flag("admin_public", true, "false", "Let non-loopback clients use the admin API"),
              new CliFlags.Flag("broadcast_url", false, "http://localhost:8090/_broadcast", "Where stub broadcasts are posted (the server's HTTP broadcast endpoint)"),
              new CliFlags.Flag("broadcast_key", false, null, "Bearer key for the broadcast endpoint"),
              new CliFlags.Flag("record", false, null, "Record mode: proxy to this RPC server (host:port or http(s)://...)"),
              new CliFlags.Flag("record_out", false, "recorded-stubs", "Directory the recorded stubs are written to on exit"),
              new CliFlags.Flag("log_level", false, "info", "debug, info, warn or error")));

  @Override
  public String name() {
    return "mock-rpc";
  }

  @Override
  public String summary() {
    return "Run the scriptable mock RPC server (gRPC + HTTP RPC + admin API), validate stubs, or record";
  }

  @Override
  public void help(PrintStream out) {
    out.println("Usage: java -jar cablekit.jar mock-rpc [options]");
    out.println();
    out.println("Serves anycable.RPC over gRPC and AnyCable's HTTP RPC, and the admin API under /__admin,");
    out.println("on one port. Point a server at it: cablekit serve --rpc_host=localhost:50051");
    out.println();
    out.print(FLAGS.usage());
  }

  @Override
  public int run(List<String> args) throws Exception {
    Map<String, String> o;
    try {
      o = FLAGS.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("cablekit mock-rpc: " + e.getMessage());
      return 2;
    }
    Logging.configure(o.get("log_level"), System.err);
    if (o.containsKey("validate")) {
      return validate(Path.of(o.get("validate")), System.out);
    }
    MockRpcConfig.Builder config =
        MockRpcConfig.builder()
            .host(o.get("host"))
            .port(Integer.parseInt(o.get("port")))
            .httpPath(o.get("http_path"))
            .httpSecret(o.get("http_rpc_secret"))
            .route(AdminApi.routes(o.get("admin_token"), Boolean.parseBoolean(o.get("admin_public"))));
    Consumer<Broadcast> broadcaster = httpBroadcaster(o.get("broadcast_url"), o.get("broadcast_key"));
    if (o.containsKey("record")) {
      return record(o, config.build(), broadcaster);
    }
    List<io.cablekit.mock.Stub> stubs = List.of();
    if (o.containsKey("stubs")) {
      try {
        stubs = StubFiles.load(Path.of(o.get("stubs")));
      } catch (StubFileException e) {
        System.err.println("cablekit mock-rpc: the stubs do not load:\n" + e.getMessage());
        return 1;
      }
    }
    Mode mode = o.containsKey("mode") ? Mode.valueOf(o.get("mode").toUpperCase(java.util.Locale.ROOT))
        : stubs.isEmpty() ? Mode.PERMISSIVE : Mode.STRICT;
    MockRpc mock = MockRpc.start(config.mode(mode).build());
    mock.replaceStubs(stubs);
    mock.broadcaster(broadcaster);
    StubWatcher watcher = Boolean.parseBoolean(o.get("watch")) && o.containsKey("stubs")
        ? StubWatcher.watch(mock, Path.of(o.get("stubs"))) : null;
    LOG.log(System.Logger.Level.INFO,
        "Mock RPC listening on {0} (gRPC), {1} (HTTP RPC), admin API at http://{0}/__admin; {2} stubs, {3} mode",
        mock.target(), mock.httpUrl(), String.valueOf(stubs.size()), mode.name().toLowerCase(java.util.Locale.ROOT));
    CountDownLatch stopped = new CountDownLatch(1);
    Signals.onTerminate(() -> {
      if (watcher != null) {
        watcher.close();
      }
      mock.close();
      stopped.countDown();
    });
    stopped.await();
    return 0;
  }

  private static int validate(Path path, PrintStream out) {
    List<StubFileException.Problem> problems = StubFiles.validate(path);
    if (problems.isEmpty()) {
      out.println(path + ": valid");
      return 0;
    }
    problems.forEach(p -> out.println(p));
    out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    return 1;
  }

  private static int record(Map<String, String> o, MockRpcConfig config, Consumer<Broadcast> broadcaster) throws InterruptedException {
    Recorder recorder = Recorder.start(o.get("record"), config);
    recorder.broadcaster(broadcaster);
    Path out = Path.of(o.get("record_out"));
    LOG.log(System.Logger.Level.INFO,
        "Recording: proxying {0} to {1}; app broadcasts to {2}; stubs are written to {3} on exit",
        recorder.target(), o.get("record"), recorder.broadcastUrl(), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Signals.onTerminate(() -> {
      try {
        Path written = recorder.writeTo(out, StubFiles.Format.YAML);
        recorder.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        LOG.log(System.Logger.Level.INFO, "Wrote {0} recorded stubs to {1}", String.valueOf(recorder.stubs().size()), written);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Could not write the recorded stubs", e);
      } finally {
        recorder.close();
        stopped.countDown();
      }
    });
    stopped.await();
    return 0;
  }

  /** Posts stub broadcasts to an AnyCable server's HTTP broadcast endpoint. */
  private static Consumer<Broadcast> httpBroadcaster(String url, String key) {
    HttpClient http = HttpClient.newHttpClient();
    return b -> {
      var body = io.cablekit.protocol.Json.MAPPER.createObjectNode().put("stream", b.stream()).put("data", b.data());
      if (b.excludeSocket() != null) {
        body.putObject("meta").put("exclude_socket", b.excludeSocket());
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      if (key != null && !key.isEmpty()) {
        request.header("Authorization", "Bearer " + key);
      }
      try {
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
          LOG.log(System.Logger.Level.WARNING, "broadcast to {0} answered {1}", url, String.valueOf(response.statusCode()));
        }
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "broadcast to {0} failed: {1}", url, e.toString());
      }
    };
  }
}
