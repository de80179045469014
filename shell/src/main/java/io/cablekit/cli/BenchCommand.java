package io.cablekit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.cli.bench.Bench;
import io.cablekit.cli.bench.BenchOptions;
import io.cablekit.cli.bench.BenchResult;
import io.cablekit.cli.bench.Chart;
import io.cablekit.cli.bench.Progress;
import io.cablekit.cli.bench.Report;
import io.cablekit.cli.bench.ResultJson;
import io.cablekit.protocol.Json;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cablekit bench}: a broadcast fan-out benchmark for any Action Cable or AnyCable server
 * (BENCHMARKS.md). N clients subscribe to one stream, stamped broadcasts are published, and the
 * clients measure delivery latency on receipt.
 */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "Measure broadcast fan-out latency, delivery and server memory/CPU of any Action Cable server";
  }

  @Override
  public void help(PrintStream out) {
    out.print("""
        Usage: java -jar cablekit.jar bench [options]

        N clients subscribe to one stream; M broadcasts stamped {"t":<wall clock us>,"seq":n} are
        published at a fixed rate; each client computes the delivery latency on receipt.
        Against `cablekit serve` (embedded permissive mock) it works with no options at all.

        What to measure
          --url=ws://localhost:8080/cable   server under test
          --clients=1000[,5000,10000]       client counts, ascending; clients are kept between counts
          --broadcasts=20                   broadcasts measured at each count (0: connect and sample only)
          --rate=2/s                        broadcast rate
          --ramp                            instead: step the rate up until p99 passes --ramp_limit;
                                            reports the sustained deliveries/s (broadcasts/s x clients)
          --ramp_rates=2,5,10,...,1000      rates the ramp tries first, then up by half until a step fails;
                                            --step_duration=5s each; --ramp_limit=250 (ms). A step fails when
                                            p99 > limit, under 99% delivered, or the publisher reaches
                                            under 90% of the rate; two bisection steps follow
          --warmup=5                        unmeasured broadcasts before measuring
          --drain=5s                        wait for late deliveries after the last broadcast
          --settle=1s                       pause after connecting
          --duration=600s                   cap on the whole run

        How to publish
          --via=http|action|redis           HTTP broadcast (default), a channel action, or Redis PUBLISH
          --broadcast_url=http://HOST:8090/_broadcast   --broadcast_key=KEY (Bearer)
          --channel=BenchChannel            channel for the default identifier {"channel":"BenchChannel"}
          --identifier=JSON                 subscription identifier, for servers that need a specific one
          --stream=BenchChannel             stream published to (CableKit's permissive mock streams
                                            {"channel":"X"} from "X"; the Rails app in bench/rails uses "bench")
          --action=broadcast                action performed with --via=action
          --redis_url=redis://localhost:6379  --redis_format=anycable|actioncable  --redis_channel=NAME
          --raw                             no protocol: no subscription; every stamped text frame is a
                                            delivery and the HTTP body is the bare payload (bench/ws-floor)

        Load generator
          --connect_rate=2000/s             new connections per second (at most 500 handshakes in flight)
          --connect_timeout=120s            --threads=1 (selector threads)
          --local_addresses=127.0.0.1,127.0.0.2   source addresses, round robin (more ephemeral ports)

        Server and output
          --pid=PID                         sample the server's RSS and CPU from /proc
          --gc                              with --pid of a JVM: jcmd PID GC.run before each idle sample,
                                            and record the live heap (GC.heap_info)
          --json=FILE                       write the result as JSON
          --chart=FILE.png                  draw latency against clients (and the ramp)
          --label=NAME                      name of the server in the JSON and the chart
          --from=A.json,B.json              do not run: print and chart these results side by side
          --quiet                           no progress bar
        """);
  }

  @Override
  public int run(List<String> args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("cablekit bench: " + e.getMessage());
      return 2;
    }
    List<JsonNode> results = new ArrayList<>();
    if (!options.from().isEmpty()) {
      for (String file : options.from()) {
        results.add(Json.MAPPER.readTree(new File(file)));
      }
    } else {
      Progress progress = options.quiet() ? Progress.silent() : new Progress(System.err, Progress.stderrIsTerminal());
      BenchResult result = new Bench(options, args, progress).run();
      JsonNode json = ResultJson.write(result);
      results.add(json);
      if (options.json() != null) {
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(new File(options.json()), json);
      }
    }
    Report.print(results, System.out);
    if (options.chart() != null) {
      Chart.draw(results.stream().map(ResultJson::series).toList(), options.rampLimitMs(), new File(options.chart()));
    }
    boolean ok = results.stream()
        .allMatch(r -> r.path("levels").size() > 0 && r.path("levels").get(0).path("subscribed").asInt() > 0);
    return ok ? 0 : 1;
  }
}
