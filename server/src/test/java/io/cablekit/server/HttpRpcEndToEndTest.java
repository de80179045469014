package io.cablekit.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.cablekit.server.support.HttpRpcStubs.parse;
import static io.cablekit.server.support.HttpRpcStubs.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.client.WsEvent;
import io.cablekit.protocol.Json;
import io.cablekit.server.support.HttpRpcStubs;
import io.cablekit.server.support.HttpRpcStubs.RecordedRequest;
import io.cablekit.server.support.TestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@link CableServer} whose RPC is AnyCable HTTP RPC (PROTOCOL.md 1.5), answered by WireMock
 * stubs that behave like the Ruby RPC app (PROTOCOL.md 2.9), driven by a WebSocket client.
 */
class HttpRpcEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String IDENTIFIER = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  private static final String IDENTIFIERS = "{\"user_id\":\"42\"}";

  private HttpRpcStubs rpc;
  private CableServer server;

  @BeforeEach
  void startRpc() {
    rpc = HttpRpcStubs.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    rpc.close();
  }

  @Test
  void welcomesSubscribesAndDeliversPerformTransmissionsThroughHttpRpc() {
    playRubyChatApp();
    start(b -> b);
    try (TestClient client = TestClient.connect(server.url())) {
      JsonNode welcome = client.receive();
      RecordedRequest connect = rpc.takeRequest("connect", WAIT);
      String sid = connect.header("X-Anycable-Meta-Sid");
      assertThat(welcome).isEqualTo(parse("{\"type\":\"welcome\",\"sid\":\"" + sid + "\"}"));

      client.subscribe(IDENTIFIER);
      assertThat(client.receive())
          .isEqualTo(
              parse(
                  "{\"identifier\":"
                      + Json.quote(IDENTIFIER)
                      + ",\"type\":\"confirm_subscription\"}"));
      client.perform(IDENTIFIER, "{\"action\":\"speak\",\"text\":\"hi\"}");
      assertThat(client.receive())
          .isEqualTo(
              parse(
                  "{\"identifier\":"
                      + Json.quote(IDENTIFIER)
                      + ",\"message\":{\"text\":\"hi\",\"from\":\"42\"}}"));

      server.broadcast("chat_42", "{\"text\":\"broadcast\"}");
      assertThat(client.receive())
          .isEqualTo(
              parse(
                  "{\"identifier\":"
                      + Json.quote(IDENTIFIER)
                      + ",\"message\":{\"text\":\"broadcast\"}}"));
    }
  }

  @Test
  void sendsCommandsWithConnectionIdentifiersCstateAndIstateInSnakeCase() {
    playRubyChatApp();
    start(b -> b);
    try (TestClient client = TestClient.connect(server.url())) {
      client.receive();
      String sid = rpc.takeRequest("connect", WAIT).header("X-Anycable-Meta-Sid");
      client.subscribe(IDENTIFIER);
      client.receive();
      client.perform(IDENTIFIER, "{\"action\":\"speak\",\"text\":\"hi\"}");
      client.receive();

      RecordedRequest subscribe = rpc.takeRequest("command", WAIT);
      RecordedRequest perform = rpc.takeRequest("command", WAIT);
      String url = "http://127.0.0.1:" + server.port() + "/cable";
      assertThat(subscribe.body())
          .isEqualTo(
              command("subscribe", null)
                  .set(
                      "env",
                      envJson(
                          url,
                          Map.of("REMOTE_ADDR", "127.0.0.1"),
                          Map.of("user", "\"bob\""),
                          Map.of())));
      assertThat(perform.body())
          .isEqualTo(
              command("message", "{\"action\":\"speak\",\"text\":\"hi\"}")
                  .set(
                      "env",
                      envJson(
                          url,
                          Map.of("REMOTE_ADDR", "127.0.0.1"),
                          Map.of("user", "\"bob\""),
                          Map.of("room", "\"42\""))));
      assertThat(perform.header("X-Anycable-Meta-Sid")).isEqualTo(sid);
      assertThat(perform.header("X-Anycable-Meta-Protov")).isEqualTo("v1");
      assertThat(perform.request().getUrl()).isEqualTo("/_anycable/command");
    }
  }

  @Test
  void sendsUrlAllowListedHeadersAndMetadataInTheConnectRequest() {
    playRubyChatApp();
    start(b -> b.headers(List.of("cookie", "x-api-token")));
    try (TestClient client =
        TestClient.connect(
            java.net.URI.create(server.url() + "?token=abc"),
            Map.of("Cookie", "uid=26", "X-Api-Token", "t0k", "X-Other", "nope"),
            List.of("actioncable-v1-json"))) {
      JsonNode welcome = client.receive();

      RecordedRequest connect = rpc.takeRequest("connect", WAIT);
      assertThat(connect.request().getMethod().getName()).isEqualTo("POST");
      assertThat(connect.request().getUrl()).isEqualTo("/_anycable/connect");
      assertThat(connect.header("Content-Type")).isEqualTo("application/json");
      assertThat(connect.header("X-Anycable-Meta-Sid"))
          .isEqualTo(welcome.path("sid").asText())
          .isNotEmpty();
      assertThat(connect.header("X-Anycable-Meta-Protov")).isEqualTo("v1");
      assertThat(connect.request().containsHeader("Authorization")).isFalse();
      ObjectNode expected = Json.MAPPER.createObjectNode();
      expected.set(
          "env",
          envJson(
              "http://127.0.0.1:" + server.port() + "/cable?token=abc",
              Map.of("cookie", "uid=26", "x-api-token", "t0k", "REMOTE_ADDR", "127.0.0.1"),
              Map.of(),
              Map.of()));
      assertThat(connect.body()).isEqualTo(expected);
    }
  }

  @Test
  void derivesTheBearerSecretFromTheAppSecret() throws Exception {
    playRubyChatApp();
    start(b -> b.secret("s3cr3t"));
    try (TestClient client = TestClient.connect(server.url())) {
      client.receive();

      String expected = hmacSha256Hex("s3cr3t", "rpc-cable");
      assertThat(expected)
          .isEqualTo("4b7da2749fe2a4534cec0d2acbd16277a800cf2acd31158ac4edae4a62a8f18d");
      assertThat(rpc.takeRequest("connect", WAIT).header("Authorization"))
          .isEqualTo("Bearer " + expected);
      client.subscribe(IDENTIFIER);
      client.receive();
      assertThat(rpc.takeRequest("command", WAIT).header("Authorization"))
          .isEqualTo("Bearer " + expected);
    }
  }

  @Test
  void prefersAnExplicitHttpRpcSecretOverTheDerivedOne() {
    playRubyChatApp();
    start(b -> b.secret("s3cr3t").httpRpcSecret("explicit-token"));
    try (TestClient client = TestClient.connect(server.url())) {
      client.receive();

      assertThat(rpc.takeRequest("connect", WAIT).header("Authorization"))
          .isEqualTo("Bearer explicit-token");
    }
  }

  @Test
  void callsDisconnectWithIdentifiersAndSubscriptionsWhenTheClientLeaves() {
    playRubyChatApp();
    start(b -> b);
    String sid;
    try (TestClient client = TestClient.connect(server.url())) {
      sid = client.receive().path("sid").asText();
      client.subscribe(IDENTIFIER);
      client.receive();
    }

    RecordedRequest disconnect = rpc.takeRequest("disconnect", WAIT);
    JsonNode body = disconnect.body();
    assertThat(disconnect.header("X-Anycable-Meta-Sid")).isEqualTo(sid);
    assertThat(body.path("identifiers").asText()).isEqualTo(IDENTIFIERS);
    assertThat(body.path("subscriptions")).isEqualTo(parse("[" + Json.quote(IDENTIFIER) + "]"));
    assertThat(body.path("env").path("cstate")).isEqualTo(parse("{\"user\":\"\\\"bob\\\"\"}"));
    assertThat(parse(body.path("env").path("istate").path(IDENTIFIER).asText()))
        .isEqualTo(parse("{\"room\":\"\\\"42\\\"\"}"));
  }

  @Test
  void closesWithAuthFailedAfterSendingTheRejectionWhenConnectFails() {
    rpc.rejectConnections();
    start(b -> b);
    try (TestClient client = TestClient.connect(server.url())) {
      assertThat(client.receive())
          .isEqualTo(
              parse("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"));
      WsEvent.Closed closed = client.awaitClosed();

      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("Auth Failed");
    }
  }

  @Test
  void closesWithAuthErrorAndSendsNothingWhenConnectReturnsHttp500() {
    rpc.stub(
        "connect",
        aResponse()
            .withStatus(500)
            .withBody(reply(1, List.of("{\"type\":\"welcome\"}")).toString()));
    start(b -> b);
    try (TestClient client = TestClient.connect(server.url())) {
      WsEvent.Closed closed = client.awaitClosed();

      assertThat(closed.code()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("Auth Error");
      assertThat(client.seen()).isEmpty();
      assertThat(rpc.count("connect")).isEqualTo(1);
    }
  }

  @Test
  void httpRpcTimeoutBoundsEachRequestBelowTheCommandTimeout() {
    rpc.stub("connect", aResponse().withStatus(200).withBody(reply(1, List.of()).toString()).withFixedDelay(1500));
    start(b -> b.httpRpcTimeout(java.time.Duration.ofMillis(200)));
    try (TestClient client = TestClient.connect(server.url())) {
      WsEvent.Closed closed = client.awaitClosed();

      assertThat(closed.code()).isEqualTo(1011);
      assertThat(rpc.count("connect")).isEqualTo(1);
    }
  }

  @Test
  void closesWithAuthErrorWhenTheRpcAppRejectsTheSecretWith401() {
    rpc.stub("connect", aResponse().withStatus(401));
    start(b -> b.httpRpcSecret("wrong"));
    try (TestClient client = TestClient.connect(server.url())) {
      WsEvent.Closed closed = client.awaitClosed();

      assertThat(closed.code()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("Auth Error");
      assertThat(rpc.count("connect")).isEqualTo(1);
    }
  }

  @Test
  void closesWithAuthErrorWhenTheRpcAppIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    server =
        CableServer.start(
            config(
                b ->
                    b.rpcHost("http://127.0.0.1:" + closedPort + "/_anycable")
                        .rpcCommandTimeout(Duration.ofMillis(400))));
    try (TestClient client = TestClient.connect(server.url())) {
      WsEvent.Closed closed = client.awaitClosed();

      assertThat(closed.code()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("Auth Error");
      assertThat(client.seen()).isEmpty();
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Connect: SUCCESS with identifiers, a welcome echoing the sid and cstate {@code user};
   * subscribe: stream {@code chat_42}, istate {@code room}, confirm; perform: a transmission;
   * unsubscribe and disconnect: SUCCESS.
   */
  private void playRubyChatApp() {
    rpc.acceptConnections(IDENTIFIERS, Map.of("user", "\"bob\""));
    ObjectNode subscribed =
        reply(
            1,
            List.of(
                "{\"identifier\":"
                    + Json.quote(IDENTIFIER)
                    + ",\"type\":\"confirm_subscription\"}"));
    subscribed.putArray("streams").add("chat_42");
    subscribed.putObject("env").putObject("istate").put("room", "\"42\"");
    rpc.onCommand("subscribe", subscribed.toString());
    rpc.onCommand(
        "message",
        reply(
                1,
                List.of(
                    "{\"identifier\":"
                        + Json.quote(IDENTIFIER)
                        + ",\"message\":{\"text\":\"hi\",\"from\":\"42\"}}"))
            .toString());
    rpc.onCommand("unsubscribe", reply(1, List.of()).put("stop_streams", true).toString());
    rpc.acceptDisconnects();
  }

  private void start(UnaryOperator<CableConfig.Builder> customize) {
    server = CableServer.start(config(b -> customize.apply(b.rpcHost(rpc.baseUrl()))));
  }

  private static CableConfig config(UnaryOperator<CableConfig.Builder> customize) {
    return customize
        .apply(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0))
        .build();
  }

  private static ObjectNode command(String command, String data) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("command", command);
    node.put("identifier", IDENTIFIER);
    node.put("connection_identifiers", IDENTIFIERS);
    if (data != null) {
      node.put("data", data);
    }
    return node;
  }

  private static ObjectNode envJson(
      String url,
      Map<String, String> headers,
      Map<String, String> cstate,
      Map<String, String> istate) {
    ObjectNode env = Json.MAPPER.createObjectNode();
    env.put("url", url);
    if (!headers.isEmpty()) {
      ObjectNode h = env.putObject("headers");
      headers.forEach(h::put);
    }
    if (!cstate.isEmpty()) {
      ObjectNode c = env.putObject("cstate");
      cstate.forEach(c::put);
    }
    if (!istate.isEmpty()) {
      ObjectNode i = env.putObject("istate");
      istate.forEach(i::put);
    }
    return env;
  }

  private static String hmacSha256Hex(String key, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }
}
