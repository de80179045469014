package io.cablekit.mock.record;

import io.cablekit.protocol.Json;
import io.cablekit.server.support.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real WebSocket client session that keeps every frame it receives (pings skipped), for
 * comparing a recorded session with its replay. Each step says how many frames it waits for, so
 * a step that gets fewer fails at once and one that gets more shows up in the next step.
 */
public final class Session implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final TestClient client;
  private final List<String> frames = new ArrayList<>();

  private Session(TestClient client) {
    this.client = client;
  }

  /** Connects with a {@code Cookie} header and waits for {@code frames} frames (the welcome). */
  public static Session open(URI url, String cookie, int frames) {
    Session s = new Session(TestClient.connect(url, Map.of("Cookie", cookie), List.of("actioncable-v1-json")));
    return s.expect(frames);
  }

  public Session subscribe(String identifier, int frames) {
    client.subscribe(identifier);
    return expect(frames);
  }

  public Session unsubscribe(String identifier, int frames) {
    client.unsubscribe(identifier);
    return expect(frames);
  }

  public Session perform(String identifier, String data, int frames) {
    client.perform(identifier, data);
    return expect(frames);
  }

  private Session expect(int count) {
    for (int i = 0; i < count; i++) {
      frames.add(client.receiveText(WAIT, true));
    }
    return this;
  }

  /** The sid the welcome frame carried. */
  public String sid() {
    for (String f : frames) {
      try {
        var node = Json.MAPPER.readTree(f);
        if ("welcome".equals(node.path("type").asText())) {
          return node.path("sid").asText();
        }
      } catch (Exception ignored) {
        // not JSON
      }
    }
    throw new AssertionError("no welcome frame among " + frames);
  }

  /** Every frame so far, with this session's sid replaced by {@code <sid>}. */
  public List<String> frames() {
    String sid = sid();
    return frames.stream().map(f -> sid.isEmpty() ? f : f.replace(sid, "<sid>")).toList();
  }

  @Override
  public void close() {
    client.close();
  }
}
