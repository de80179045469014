package io.cablekit.bench.harness;

import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Replies;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two targets of the bench issue measured inside one warm JVM, printed as JSON on stdout:
 *
 * <ul>
 *   <li>{@code startup}: {@code MockRpc.start()} plus {@code CableServer.start()} on random ports,
 *       as the testkit starts them, timed after warm-up cycles (target: under 200 ms);
 *   <li>{@code rtt}: a Command round trip through the mock over gRPC: a client performs an
 *       action whose stub transmits back; perform sent to transmission received (target: median
 *       under 1 ms).
 * </ul>
 *
 * <pre>java -cp bench/jmh/target/benchmarks.jar io.cablekit.bench.harness.WarmHarness [startup|rtt|all]
 *     [--warmup=N] [--runs=N] [--rtt_warmup=N] [--rtt_runs=N]</pre>
 */
public final class WarmHarness {
  private static final String IDENTIFIER = "{\"channel\":\"BenchChannel\"}";

  private WarmHarness() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
    int warmup = intArg(args, "warmup", 10);
    int runs = intArg(args, "runs", 20);
    int rttWarmup = intArg(args, "rtt_warmup", 3000);
    int rttRuns = intArg(args, "rtt_runs", 20000);
    StringBuilder json = new StringBuilder("{\n  \"java\": \"" + System.getProperty("java.version") + "\"");
    if (what.equals("startup") || what.equals("all")) {
      json.append(",\n  \"startup_ms\": ").append(startup(warmup, runs));
    }
    if (what.equals("rtt") || what.equals("all")) {
      json.append(",\n  \"command_round_trip_ms\": ").append(roundTrip(rttWarmup, rttRuns));
    }
    System.out.println(json.append("\n}"));
    System.exit(0);
  }

  /** Times start of mock + server, then stops both; returns a JSON summary of the measured runs. */
  static String startup(int warmup, int runs) {
    double[] ms = new double[runs];
    for (int i = 0; i < warmup + runs; i++) {
      long t0 = System.nanoTime();
      MockRpc rpc = MockRpc.start(MockRpcConfig.builder().build());
      CableServer server = CableServer.start(config(rpc).build());
      long t1 = System.nanoTime();
      server.close();
      rpc.close();
      if (i >= warmup) {
        ms[i - warmup] = (t1 - t0) / 1e6;
      }
    }
    return summary(ms);
  }

  static CableConfig.Builder config(MockRpc rpc) {
    return CableConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .httpBroadcastPort(0)
        .shutdownTimeout(Duration.ofSeconds(5))
        .closeTimeout(Duration.ofMillis(500))
        .rpcHost(rpc.target());
  }

  /** Perform-to-transmission times of one client through the gRPC mock. */
  static String roundTrip(int warmup, int runs) throws Exception {
    try (MockRpc rpc = MockRpc.start(MockRpcConfig.builder().build());
        CableServer server = CableServer.start(config(rpc).build())) {
      rpc.onSubscribe("BenchChannel").reply(Replies.confirm());
      rpc.onPerform("BenchChannel", "echo").reply(Replies.transmit(Map.of("echo", true)));
      try (WebSocketClient client =
          WebSocketClient.connect(server.url(), Map.of(), List.of("actioncable-v1-json"), Duration.ofSeconds(5))) {
        awaitText(client, "welcome");
        client.sendText("{\"command\":\"subscribe\",\"identifier\":" + quote(IDENTIFIER) + "}");
        awaitText(client, "confirm_subscription");
        String perform = "{\"command\":\"message\",\"identifier\":" + quote(IDENTIFIER)
            + ",\"data\":" + quote("{\"action\":\"echo\"}") + "}";
        double[] ms = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
          long t0 = System.nanoTime();
          client.sendText(perform);
          awaitText(client, "\"echo\":true");
          long t1 = System.nanoTime();
          if (i >= warmup) {
            ms[i - warmup] = (t1 - t0) / 1e6;
          }
        }
        return summary(ms);
      }
    }
  }

  private static void awaitText(WebSocketClient client, String contains) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      WsEvent e = client.next(Duration.ofSeconds(10));
      if (e instanceof WsEvent.Text t && t.text().contains(contains)) {
        return;
      }
      if (e instanceof WsEvent.Closed c) {
        throw new IllegalStateException("closed: " + c);
      }
    }
    throw new IllegalStateException("no message containing " + contains);
  }

  static String summary(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT,
        "{\"runs\": %d, \"median\": %.3f, \"p90\": %.3f, \"p99\": %.3f, \"min\": %.3f, \"max\": %.3f}",
        s.length, rank(s, 50), rank(s, 90), rank(s, 99), s[0], s[s.length - 1]);
  }

  private static double rank(double[] sorted, double p) {
    int r = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
    return sorted[Math.max(1, r) - 1];
  }

  private static String quote(String s) {
    return io.cablekit.protocol.Json.quote(s);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (String a : args) {
      if (a.startsWith("--" + name + "=")) {
        return Integer.parseInt(a.substring(name.length() + 3));
      }
    }
    return fallback;
  }
}
