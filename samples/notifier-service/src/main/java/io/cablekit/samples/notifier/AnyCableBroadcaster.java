package io.cablekit.samples.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Publishes to AnyCable's HTTP broadcast endpoint, as an application does: {@code POST <url>} with
 * {@code {"stream":"...","data":"<JSON text>"}} and, when the server has a broadcast key, {@code
 * Authorization: Bearer <key>}. Thread-safe.
 */
public final class AnyCableBroadcaster {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI url;
  private final String key;

  /**
   * @param url the endpoint, e.g. {@code http://localhost:8090/_broadcast}
   * @param key the broadcast key, or null when the server has none
   */
  public AnyCableBroadcaster(URI url, String key) {
    this.url = url;
    this.key = key;
  }

  /** Configured like anycable-go: {@code ANYCABLE_BROADCAST_URL} and {@code ANYCABLE_BROADCAST_KEY}. */
  public static AnyCableBroadcaster fromEnvironment() {
    String url = System.getenv().getOrDefault("ANYCABLE_BROADCAST_URL", "http://localhost:8090/_broadcast");
    return new AnyCableBroadcaster(URI.create(url), System.getenv("ANYCABLE_BROADCAST_KEY"));
  }

  /**
   * Publishes {@code data} (serialised as JSON) to {@code stream}; blocks until AnyCable answers.
   *
   * @throws IOException when AnyCable cannot be reached or refuses the broadcast (401: wrong key)
   */
  public void broadcast(String stream, Object data) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("stream", stream, "data", JSON.writeValueAsString(data)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null && !key.isEmpty()) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("AnyCable refused the broadcast to " + stream + ": HTTP " + response.statusCode());
    }
  }
}
