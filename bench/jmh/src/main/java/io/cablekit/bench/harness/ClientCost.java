package io.cablekit.bench.harness;

import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one idle subscribed {@code io.cablekit.client.WebSocketClient} costs the load generator
 * (the alternative to the bench's NIO clients): heap after a full GC and RSS, per client, for N
 * clients against a running server.
 *
 * <pre>java -cp benchmarks.jar io.cablekit.bench.harness.ClientCost ws://127.0.0.1:18080/cable 2000</pre>
 */
public final class ClientCost {
  private ClientCost() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int n = Integer.parseInt(args[1]);
    String subscribe = "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"BenchChannel\\\"}\"}";
    long heap0 = heapAfterGc();
    long rss0 = rssKb();
    List<WebSocketClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WebSocketClient c = WebSocketClient.connect(url, Map.of(), List.of("actioncable-v1-json"), Duration.ofSeconds(10));
      c.sendText(subscribe);
      clients.add(c);
    }
    for (WebSocketClient c : clients) {
      while (true) {
        WsEvent e = c.next(Duration.ofSeconds(10));
        if (e == null || e instanceof WsEvent.Text t && t.text().contains("confirm_subscription")) {
          break;
        }
      }
    }
    Thread.sleep(2000);
    long heap1 = heapAfterGc();
    long rss1 = rssKb();
    System.out.printf("{\"clients\": %d, \"heap_bytes_per_client\": %d, \"rss_kb_per_client\": %.1f}%n",
        n, (heap1 - heap0) / n, (rss1 - rss0) / (double) n);
    clients.forEach(WebSocketClient::close);
    System.exit(0);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
