package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 3.5: pings, their first delay, timestamps and per-connection overrides. */
class PingTest {
  Harness h;

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void welcomeComesBeforeTheFirstPingWhichFollowsWithinOneAndAHalfIntervals() throws Exception {
    h = Harness.start(b -> b.pingInterval(Duration.ofMillis(400)));
    TestClient client = h.connect();
    long start = System.nanoTime();
    JsonNode first = parse(client.receiveText(Duration.ofSeconds(2), false));
    assertThat(first.path("type").asText()).isEqualTo("welcome");
    JsonNode ping = parse(client.receiveText(Duration.ofSeconds(2), false));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(ping.path("type").asText()).isEqualTo("ping");
    assertThat(elapsedMs).isLessThan(1500);
  }

  @Test
  void pingTimestampsAreIntegerSecondsAndStrictlyIncreasing() throws Exception {
    h = Harness.start(b -> b.pingInterval(Duration.ofMillis(150)));
    TestClient client = h.connectWelcomed();
    List<Long> stamps = pings(client, 4);
    long now = System.currentTimeMillis() / 1000;
    assertThat(stamps.get(0)).isBetween(now - 5, now + 5);
    for (int i = 1; i < stamps.size(); i++) {
      assertThat(stamps.get(i)).isGreaterThan(stamps.get(i - 1));
    }
  }

  @Test
  void queryParametersOverrideIntervalAndPrecision() throws Exception {
    h = Harness.start(b -> b.pingInterval(Duration.ofSeconds(30)));
    TestClient client = h.connect("pi=0.2&ptp=ms", Map.of());
    client.receive();
    List<Long> stamps = pings(client, 2);
    long nowMs = System.currentTimeMillis();
    assertThat(stamps.get(0)).isBetween(nowMs - 5000, nowMs + 5000);
    assertThat(stamps.get(1)).isGreaterThan(stamps.get(0));
  }

  @Test
  void zeroIntervalDisablesPings() {
    h = Harness.start(b -> b.pingInterval(Duration.ofMillis(100)));
    TestClient client = h.connect("pi=0", Map.of());
    client.receive();
    long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
    while (System.nanoTime() < deadline) {
      var e = assertNoPing(client, Duration.ofNanos(deadline - System.nanoTime()));
      if (e == null) {
        return;
      }
    }
  }

  @Test
  void clientPingCommandGetsPong() {
    h = Harness.start();
    TestClient client = h.connectWelcomed();
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receiveText(Duration.ofSeconds(2), true)).isEqualTo("{\"type\":\"pong\"}");
  }

  private static Object assertNoPing(TestClient client, Duration window) {
    try {
      var e = client.ws().next(window);
      if (e instanceof io.cablekit.client.WsEvent.Text t) {
        assertThat(t.text()).doesNotContain("\"ping\"");
      }
      return e;
    } catch (InterruptedException ex) {
      throw new AssertionError(ex);
    }
  }

  private static List<Long> pings(TestClient client, int n) throws Exception {
    List<Long> out = new ArrayList<>();
    while (out.size() < n) {
      JsonNode msg = parse(client.receiveText(Duration.ofSeconds(3), false));
      if (msg.path("type").asText().equals("ping")) {
        assertThat(msg.path("message").isIntegralNumber()).as("integer timestamp in %s", msg).isTrue();
        out.add(msg.path("message").asLong());
      }
    }
    return out;
  }

  private static JsonNode parse(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }
}
