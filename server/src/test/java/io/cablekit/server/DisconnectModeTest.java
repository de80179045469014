package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 2.6: when Disconnect is called, and how fast. */
class DisconnectModeTest {
  static final Duration T = Duration.ofSeconds(5);

  @Test
  void neverModeSkipsDisconnect() throws Exception {
    try (Harness h = Harness.start(b -> b.disconnectMode(CableConfig.DisconnectMode.NEVER))) {
      h.connectWelcomed().close();
      h.server.journal().await(JournalEvent.SessionClosed.class, e -> true, T);
      assertThat(h.rpc.take("Connect", T)).isNotNull();
      assertThat(h.rpc.poll(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void alwaysModeCallsDisconnectEvenForNoauthSessions() throws Exception {
    try (Harness h = Harness.start(b -> b.noauth(true).disconnectMode(CableConfig.DisconnectMode.ALWAYS))) {
      TestClient client = h.connect();
      var welcome = client.receive();
      assertThat(welcome.path("type").asText()).isEqualTo("welcome");
      client.close();
      TestRpcServer.Call call = h.rpc.take("Disconnect", T);
      assertThat(call.disconnect().getIdentifiers()).isEqualTo("{\"sid\":\"" + welcome.path("sid").asText() + "\"}");
    }
  }

  @Test
  void autoModeSkipsDisconnectForNoauthSessionsThatNeverCalledRpc() throws Exception {
    try (Harness h = Harness.start(b -> b.noauth(true))) {
      h.connectWelcomed().close();
      h.server.journal().await(JournalEvent.SessionClosed.class, e -> true, T);
      assertThat(h.rpc.poll(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void disconnectCallsAreRateLimited() throws Exception {
    try (Harness h = Harness.start(b -> b.disconnectRate(10))) {
      TestClient[] clients = new TestClient[4];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = h.connectWelcomed();
      }
      long start = System.nanoTime();
      for (TestClient c : clients) {
        c.close();
      }
      for (int i = 0; i < clients.length; i++) {
        h.rpc.take("Disconnect", T);
      }
      // 10 per second: four calls need at least three 100 ms gaps
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }
  }
}
