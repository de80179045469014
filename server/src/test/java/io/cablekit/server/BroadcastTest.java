package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 3.2, 4.1, 4.2, 4.4: publications, message construction, fan-out and ordering. */
class BroadcastTest {
  static final String A = "{\"channel\":\"A\"}";
  static final String B = "{\"channel\":\"B\"}";
  static final Duration T = Duration.ofSeconds(3);
  Harness h;

  @BeforeEach
  void start() {
    h = Harness.start();
    h.rpc.onCommand(
        c ->
            CommandResponse.newBuilder()
                .setStatus(Status.SUCCESS)
                .addStreams("s")
                .addTransmissions(confirm(c.command().getIdentifier()))
                .build());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  TestClient subscribed(String... identifiers) {
    TestClient client = h.connectWelcomed();
    for (String id : identifiers) {
      client.subscribe(id);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
    }
    return client;
  }

  @Test
  void jsonDataIsDeliveredAsAJsonValueAndOtherTextAsAString() {
    TestClient client = subscribed(A);
    h.server.broadcast("s", "{\"a\":1,\"b\":[true,null]}");
    h.server.broadcast("s", "\"quoted\"");
    h.server.broadcast("s", "plain text");
    h.server.broadcast("s", "null");
    h.server.broadcast("s", "12345678901234567890");
    assertThat(client.receiveText(T, true)).isEqualTo("{\"identifier\":\"{\\\"channel\\\":\\\"A\\\"}\",\"message\":{\"a\":1,\"b\":[true,null]}}");
    assertThat(client.receive().path("message").asText()).isEqualTo("quoted");
    assertThat(client.receive().path("message").asText()).isEqualTo("plain text");
    assertThat(client.receive().path("message").asText()).isEqualTo("null");
    assertThat(client.receiveText(T, true)).endsWith("\"message\":12345678901234567890}");
  }

  @Test
  void sessionSubscribedUnderTwoIdentifiersGetsOneFramePerIdentifier() {
    TestClient client = subscribed(A, B);
    h.server.broadcast("s", "1");
    var first = client.receive().path("identifier").asText();
    var second = client.receive().path("identifier").asText();
    assertThat(java.util.Set.of(first, second)).containsExactlyInAnyOrder(A, B);
    client.expectSilence(Duration.ofMillis(200));
  }

  @Test
  void excludeSocketSkipsThatSession() {
    TestClient alice = subscribed(A);
    TestClient bob = subscribed(A);
    String aliceSid = sidOf(0, alice);
    h.server.broadcast(new Broadcast("s", "\"x\"", aliceSid, null, false));
    assertThat(bob.receive().path("message").asText()).isEqualTo("x");
    alice.expectSilence(Duration.ofMillis(300));
  }

  @Test
  void broadcastTypeBecomesTheFrameType() {
    TestClient client = subscribed(A);
    h.server.broadcast(new Broadcast("s", "{}", null, "presence", false));
    assertThat(client.receiveText(T, true)).startsWith("{\"type\":\"presence\",\"identifier\":");
  }

  @Test
  void publicationsToOneStreamArriveInOrder() {
    TestClient client = subscribed(A);
    for (int i = 0; i < 500; i++) {
      h.server.broadcast("s", String.valueOf(i));
    }
    for (int i = 0; i < 500; i++) {
      assertThat(client.receive().path("message").asInt()).isEqualTo(i);
    }
  }

  @Test
  void httpBroadcastAcceptsSinglesBatchesAndRemoteDisconnects() throws Exception {
    h.rpc.onConnect(c -> TestRpcServer.welcome(c).toBuilder().setIdentifiers("{\"uid\":\"1\"}").build());
    TestClient client = subscribed(A);
    TestClient sameUser = subscribed(A);
    assertThat(post("{\"stream\":\"s\",\"data\":\"{\\\"n\\\":1}\"}")).isEqualTo(201);
    assertThat(post("[{\"stream\":\"s\",\"data\":\"2\"},{\"stream\":\"s\",\"data\":\"3\"}]")).isEqualTo(201);
    assertThat(client.receive().path("message").path("n").asInt()).isEqualTo(1);
    assertThat(client.receive().path("message").asInt()).isEqualTo(2);
    assertThat(client.receive().path("message").asInt()).isEqualTo(3);
    assertThat(post("{\"command\":\"disconnect\",\"payload\":{\"identifier\":\"{\\\"uid\\\":\\\"1\\\"}\",\"reconnect\":true}}"))
        .isEqualTo(201);
    for (TestClient c : new TestClient[] {client, sameUser}) {
      var closed = c.awaitClosed();
      assertThat(c.seen()).contains("{\"type\":\"disconnect\",\"reason\":\"remote\",\"reconnect\":true}");
      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("Closed remotely");
    }
  }

  @Test
  void invalidPublicationsAreAcceptedLoggedAndCounted() throws Exception {
    TestClient client = subscribed(A);
    assertThat(post("not json")).isEqualTo(201);
    assertThat(post("{\"stream\":\"s\",\"data\":{\"object\":true}}")).isEqualTo(201);
    assertThat(post("{\"nothing\":1}")).isEqualTo(201);
    assertThat(h.server.metrics()).containsEntry("failed_broadcast_msg_total", 3L);
    h.server.broadcast("s", "\"after\"");
    assertThat(client.receive().path("message").asText()).isEqualTo("after");
  }

  @Test
  void httpBroadcastRejectsOtherMethodsWith422() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(h.server.broadcastUrl().orElseThrow()).GET().build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void journalRecordsPublicationsWithTheirSource() throws Exception {
    h.server.broadcast("api_stream", "1");
    post("{\"stream\":\"http_stream\",\"data\":\"2\"}");
    assertThat(h.server.journal().broadcasts())
        .extracting(p -> p.broadcast().stream() + "/" + p.source())
        .containsExactly("api_stream/api", "http_stream/http");
  }

  private String sidOf(int index, TestClient client) {
    return h.server.journal().events(JournalEvent.SessionOpened.class).get(index).sid();
  }

  private int post(String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(h.server.broadcastUrl().orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int post(URI url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
