package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.client.HandshakeException;
import io.cablekit.client.WebSocketClient;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.SilentSocket;
import io.cablekit.server.support.TestClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 5.2: graceful shutdown. */
class ShutdownTest {
  @Test
  void tellsEveryClientToReconnectClosesWith1001AndCallsDisconnectForEach() throws Exception {
    Harness h = Harness.start();
    List<TestClient> clients = List.of(h.connectWelcomed(), h.connectWelcomed(), h.connectWelcomed());
    Set<String> sids = new HashSet<>();
    h.server.sessions().forEach(s -> sids.add(s.sid()));
    Thread stopper = Thread.ofVirtual().start(h.server::stop);
    for (TestClient client : clients) {
      var closed = client.awaitClosed();
      assertThat(client.seen()).last().isEqualTo("{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}");
      assertThat(closed.code()).isEqualTo(1001);
      assertThat(closed.reason()).isEqualTo("Server restart");
    }
    stopper.join(Duration.ofSeconds(10));
    assertThat(stopper.isAlive()).isFalse();
    Set<String> disconnected = new HashSet<>();
    h.rpc.history("Disconnect").forEach(c -> disconnected.add(c.sid()));
    assertThat(disconnected).isEqualTo(sids);
    h.close();
  }

  @Test
  void stopsEvenWhenClientsDoNotAnswerTheCloseFrame() throws Exception {
    Harness h = Harness.start(b -> b.closeTimeout(Duration.ofMillis(300)));
    try (SilentSocket silent = SilentSocket.open(h.server.url())) {
      h.rpc.take("Connect", Duration.ofSeconds(3));
      long start = System.nanoTime();
      h.server.stop();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(h.rpc.history("Disconnect")).hasSize(1);
    }
    h.close();
  }

  @Test
  void refusesNewConnectionsOnceStopped() throws Exception {
    Harness h = Harness.start();
    var url = h.server.url();
    h.server.stop();
    try (WebSocketClient ws = WebSocketClient.connect(url, Map.of(), List.of(), Duration.ofSeconds(2))) {
      throw new AssertionError("connected after stop");
    } catch (HandshakeException e) {
      assertThat(e.status()).isEqualTo(503);
    } catch (java.io.IOException e) {
      // connection refused: the listener is gone
    }
    h.close();
  }
}
