package io.cablekit.mock;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.mock.Replies.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock driven by a real CableServer over gRPC and a real WebSocket client. */
class MockRpcTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  MockRpc rpc;
  CableServer server;

  @BeforeEach
  void start() {
    rpc = MockRpc.start();
    server =
        CableServer.start(
            CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build());
    rpc.broadcaster(server::broadcast);
  }

  @AfterEach
  void stop() {
    server.close();
    rpc.close();
  }

  @Test
  void acceptsWithIdentifiersFromACookieAndWelcomesWithTheSid() {
    rpc.onConnect().withCookie("uid", Matchers.present()).reply(accept(Map.of("user", "{{cookies.uid}}")));
    try (TestClient client = TestClient.connect(server.url(), Map.of("Cookie", "uid=26"), List.of("actioncable-v1-json"))) {
      var welcome = client.receive();
      assertThat(welcome.path("type").asText()).isEqualTo("welcome");
      assertThat(welcome.path("sid").asText()).isEqualTo(server.sessions().get(0).sid());
      assertThat(server.sessions().get(0).identifiers()).isEqualTo("{\"user\":\"26\"}");
      RecordedCall call = rpc.takeCall();
      assertThat(call.kind()).isEqualTo(Kind.CONNECT);
      assertThat(call.call().sid()).isEqualTo(welcome.path("sid").asText());
    }
  }

  @Test
  void confirmsStreamsAndBroadcastsThroughTheServer() {
    rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));
    rpc.onPerform("ChatChannel", "speak").reply(Replies.broadcast("chat_{{params.room}}", data -> data.get("text")));
    try (TestClient client = TestClient.connect(server.url())) {
      client.receive();
      client.subscribe(CHAT);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
      client.perform(CHAT, "{\"action\":\"speak\",\"text\":\"hi\"}");
      var message = client.receive();
      assertThat(message.path("identifier").asText()).isEqualTo(CHAT);
      assertThat(message.path("message").asText()).isEqualTo("hi");
    }
    rpc.verify(1, RequestPattern.perform("ChatChannel", "speak").withData(Map.of("text", "hi")));
  }

  @Test
  void rejectedConnectionGetsUnauthorizedAndIsClosed() {
    rpc.onConnect().reply(reject());
    try (TestClient client = TestClient.connect(server.url())) {
      assertThat(client.receive().path("reason").asText()).isEqualTo("unauthorized");
      assertThat(client.awaitClosed().code()).isEqualTo(1000);
    }
  }

  @Test
  void strictModeRecordsUnmatchedCallsWithTheClosestStubs() {
    rpc.onSubscribe("ChatChannel").withParams(Map.of("room", "1")).reply(confirm());
    try (TestClient client = TestClient.connect(server.url())) {
      client.receive();
      client.subscribe(CHAT);
      client.send("{\"command\":\"ping\"}");
      client.receive();
    }
    assertThat(rpc.strictFailures()).hasSize(1);
    assertThatThrownBy(rpc::assertNoUnmatched)
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "1 call matched no stub:\n\n"
                + "No stub matched this subscribe call:\n"
                + "  subscribe ChatChannel params {\"room\":\"42\"}\n"
                + "Closest stubs:\n"
                + "  subscribe ChatChannel params {\"room\":\"1\"}\n"
                + "    <- params.room: expected \"1\" but was \"42\"");
  }

  @Test
  void refusesARejectionThatStreams() {
    assertThatThrownBy(() -> rpc.onSubscribe("ChatChannel").reply(reject().streamFrom("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a rejected subscription cannot stream from [x]");
  }
}
