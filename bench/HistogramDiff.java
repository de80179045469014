import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The difference of two {@code jcmd GC.class_histogram} outputs, per added client.
 *
 * <pre>java bench/HistogramDiff.java histogram-1000.txt histogram-10000.txt 9000</pre>
 */
public class HistogramDiff {
  public static void main(String[] args) throws Exception {
    Map<String, long[]> before = read(Path.of(args[0]));
    Map<String, long[]> after = read(Path.of(args[1]));
    double added = Double.parseDouble(args[2]);
    List<Map.Entry<String, long[]>> diff = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
      total += d[1];
      diff.add(Map.entry(e.getKey(), d));
    }
    diff.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    System.out.printf(Locale.ROOT, "live heap added per client: %.0f bytes (%.1f KB) over %,.0f clients%n%n",
        total / added, total / added / 1024, added);
    System.out.printf(Locale.ROOT, "%12s %12s %12s  %s%n", "bytes/client", "objs/client", "bytes", "class");
    for (Map.Entry<String, long[]> e : diff.subList(0, Math.min(40, diff.size()))) {
      System.out.printf(Locale.ROOT, "%12.0f %12.2f %12d  %s%n",
          e.getValue()[1] / added, e.getValue()[0] / added, e.getValue()[1], e.getKey());
    }
  }

  static Map<String, long[]> read(Path file) throws Exception {
    Map<String, long[]> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      // " 1:  123  4567  java.lang.String (java.base@25)"
      if (f.length >= 4 && f[0].endsWith(":") && f[1].matches("\\d+") && f[2].matches("\\d+")) {
        out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return out;
  }
}
