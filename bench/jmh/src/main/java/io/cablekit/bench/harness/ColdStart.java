package io.cablekit.bench.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of {@code java -jar cablekit.jar serve}: from process start to the "listening" log
 * line, several times, each in a new JVM. Prints JSON on stdout.
 *
 * <pre>java -cp benchmarks.jar io.cablekit.bench.harness.ColdStart JAVA JAR [runs] [serve args...]</pre>
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    String java = args[0];
    String jar = args[1];
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> extra = args.length > 3 ? List.of(args).subList(3, args.length)
        : List.of("--port=0", "--http_broadcast_port=0");
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "serve"));
      cmd.addAll(extra);
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.contains("listening on")) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
            break;
          }
        }
      }
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      Thread.sleep(1000);
    }
    System.out.println("{\n  \"cold_start_to_listening_ms\": " + WarmHarness.summary(ms)
        + ",\n  \"samples\": " + Arrays.toString(ms) + "\n}");
  }
}
