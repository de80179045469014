package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.client.HandshakeException;
import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 2.1, 2.2, 3.1: handshake, sid, env, Connect outcomes and their close codes. */
class ConnectionLifecycleTest {
  static final Duration T = Duration.ofSeconds(3);
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void negotiatesTheFirstSupportedSubProtocolTheClientOffers() throws Exception {
    h = Harness.start();
    try (WebSocketClient ws =
        WebSocketClient.connect(h.server.url(), Map.of(), List.of("actioncable-unsupported", "actioncable-v1-json"), T)) {
      assertThat(ws.protocol()).isEqualTo("actioncable-v1-json");
      assertThat(ws.responseHeaders().get("x-anycable-version")).isNotEmpty();
    }
  }

  @Test
  void acceptsClientsThatOfferNoSubProtocol() throws Exception {
    h = Harness.start();
    TestClient client = h.track(TestClient.connect(h.server.url(), Map.of(), List.of()));
    assertThat(client.ws().protocol()).isNull();
    assertThat(client.receive().path("type").asText()).isEqualTo("welcome");
  }

  @Test
  void usesXRequestIdAsTheSid() throws Exception {
    h = Harness.start();
    TestClient client = h.connect("", Map.of("X-Request-ID", "req-123"));
    assertThat(client.receive().path("sid").asText()).isEqualTo("req-123");
    assertThat(h.rpc.take("Connect", T).sid()).isEqualTo("req-123");
  }

  @Test
  void generatesDistinct21CharacterSids() throws Exception {
    h = Harness.start();
    String a = h.connect().receive().path("sid").asText();
    String b = h.connect().receive().path("sid").asText();
    assertThat(a).hasSize(21).matches("[A-Za-z0-9_-]+").isNotEqualTo(b);
  }

  @Test
  void connectErrorClosesWith1011AndSendsNoTransmissions() throws Exception {
    h = Harness.start();
    h.rpc.onConnect(
        c ->
            ConnectionResponse.newBuilder()
                .setStatus(Status.ERROR)
                .setErrorMsg("boom")
                .addTransmissions("{\"type\":\"welcome\"}")
                .build());
    TestClient client = h.connect();
    WsEvent.Closed closed = client.awaitClosed();
    assertThat(closed.code()).isEqualTo(1011);
    assertThat(closed.reason()).isEqualTo("Auth Error");
    assertThat(client.seen()).isEmpty();
  }

  @Test
  void failedAuthenticationNeverCallsDisconnect() throws Exception {
    h = Harness.start();
    h.rpc.onConnect(
        c ->
            ConnectionResponse.newBuilder()
                .setStatus(Status.FAILURE)
                .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}")
                .build());
    TestClient client = h.connect();
    assertThat(client.awaitClosed().code()).isEqualTo(1000);
    h.server.journal().await(JournalEvent.SessionClosed.class, e -> true, T);
    assertThat(h.rpc.poll(Duration.ofMillis(300))).extracting(TestRpcServer.Call::method).isEqualTo("Connect");
    assertThat(h.rpc.poll(Duration.ofMillis(300))).isNull();
    assertThat(h.server.metrics()).containsEntry("failed_auths_total", 1L);
  }

  @Test
  void connectCstateIsKeptAndIstateIgnored() throws Exception {
    h = Harness.start();
    h.rpc.onConnect(
        c ->
            TestRpcServer.welcome(c).toBuilder()
                .setIdentifiers("{\"uid\":\"26\"}")
                .setEnv(EnvResponse.newBuilder().putCstate("tags", "[\"a\"]").putIstate("x", "y"))
                .build());
    TestClient client = h.connectWelcomed();
    SessionInfo info = h.server.sessions().get(0);
    assertThat(info.identifiers()).isEqualTo("{\"uid\":\"26\"}");
    assertThat(info.cstate()).isEqualTo(Map.of("tags", "[\"a\"]"));
    assertThat(info.subscriptions()).isEmpty();
    client.close();
  }

  @Test
  void rpcServerDownAtConnectClosesWith1011AndLeaksNoSession() throws Exception {
    h = Harness.start(b -> b.rpcCommandTimeout(Duration.ofMillis(800)));
    h.rpc.stop();
    TestClient client = h.connect();
    WsEvent.Closed closed = client.awaitClosed();
    assertThat(closed.code()).isEqualTo(1011);
    h.server.journal().await(JournalEvent.SessionClosed.class, e -> true, T);
    assertThat(h.server.sessions()).isEmpty();
    assertThat(h.server.metrics()).containsEntry("clients_num", 0L);
  }

  @Test
  void allowsAnyOriginWhenNoneAreConfigured() throws Exception {
    h = Harness.start();
    TestClient client = h.connect("", Map.of("Origin", "http://evil.example"));
    assertThat(client.receive().path("type").asText()).isEqualTo("welcome");
  }

  @Test
  void refusesOriginsOutsideTheAllowListWith403() throws Exception {
    h = Harness.start(b -> b.allowedOrigins(List.of("example.com", "*.trusted.dev", "localhost:3000")));
    assertThat(handshake(Map.of("Origin", "https://example.com"))).isEqualTo(101);
    assertThat(handshake(Map.of("Origin", "http://a.b.trusted.dev"))).isEqualTo(101);
    assertThat(handshake(Map.of("Origin", "http://localhost:3000"))).isEqualTo(101);
    assertThat(handshake(Map.of("Origin", "http://localhost:3001"))).isEqualTo(403);
    assertThat(handshake(Map.of("Origin", "http://example.com.evil.org"))).isEqualTo(403);
    assertThat(handshake(Map.of())).isEqualTo(403);
    for (int i = 0; i < 3; i++) {
      h.rpc.take("Connect", T);
    }
    assertThat(h.rpc.history("Connect")).hasSize(3);
  }

  @Test
  void otherPathsAreNotWebSocketEndpoints() {
    h = Harness.start();
    assertThatThrownBy(() -> WebSocketClient.connect(URI.create("ws://127.0.0.1:" + h.server.port() + "/other"), Map.of(), List.of(), T))
        .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void wildcardAndPlaceholderPathsAreServed() throws Exception {
    h = Harness.start(b -> b.paths(List.of("/cable", "/ws/*", "/t/{tenant}/cable")));
    for (String path : List.of("/ws/anything", "/t/acme/cable")) {
      try (WebSocketClient ws =
          WebSocketClient.connect(URI.create("ws://127.0.0.1:" + h.server.port() + path), Map.of(), List.of(), T)) {
        assertThat(ws.next(T)).isInstanceOf(WsEvent.Text.class);
      }
    }
  }

  @Test
  void healthEndpointAnswersWithAnycableGoBody() throws Exception {
    h = Harness.start();
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.server.port() + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Ah, ha, ha, ha, stayin' alive, stayin' alive.");
  }

  @Test
  void clientCloseEndsTheSessionAndQueuesDisconnect() throws Exception {
    h = Harness.start();
    TestClient client = h.connectWelcomed();
    client.ws().sendClose(1000, "bye");
    WsEvent.Closed closed = client.awaitClosed();
    assertThat(closed.byServer()).isFalse();
    var disconnect = h.rpc.take("Disconnect", T);
    assertThat(disconnect.disconnect().getIdentifiers()).isEqualTo("{}");
    assertThat(h.server.sessions()).isEmpty();
  }

  @Test
  void droppedTcpConnectionStillCallsDisconnect() throws Exception {
    h = Harness.start();
    TestClient client = h.connectWelcomed();
    String sid = h.server.sessions().get(0).sid();
    client.ws().writeRaw(new byte[0]);
    closeSocketAbruptly(client);
    assertThat(h.rpc.take("Disconnect", T).sid()).isEqualTo(sid);
  }

  private static void closeSocketAbruptly(TestClient client) throws Exception {
    var field = WebSocketClient.class.getDeclaredField("socket");
    field.setAccessible(true);
    java.net.Socket socket = (java.net.Socket) field.get(client.ws());
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private int handshake(Map<String, String> headers) {
    try (WebSocketClient ws = WebSocketClient.connect(h.server.url(), headers, List.of("actioncable-v1-json"), T)) {
      JsonNode ignored = null;
      return 101;
    } catch (HandshakeException e) {
      return e.status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
