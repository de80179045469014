package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stubs managed over the admin API answer a real server and client; broken bodies change nothing. */
class AdminApiTest {
  static final String ROOM_42 = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final String CHAT_YAML = """
      - id: connect
        match: { on: connect }
        reply: { accept: { identifiers: { user: "{{cookies.uid}}" } } }
      - id: subscribe
        match: { on: subscribe, channel: ChatChannel }
        reply: { stream_from: "chat_{{params.room}}" }
      - id: speak
        match: { on: perform, channel: ChatChannel, action: speak }
        reply: { broadcast: { stream: "chat_{{params.room}}", data: { text: "{{data.text}}", from: "{{identifiers.user}}" } } }
      """;

  /** An HTTP answer. */
  record Answer(int status, String body, HttpHeaders headers) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** A mock with the admin API, a real CableServer on it, and an HTTP client. */
  static final class Rig implements AutoCloseable {
    final MockRpc rpc;
    final CableServer server;
    final HttpClient http = HttpClient.newHttpClient();

    Rig(String token) {
      rpc = MockRpc.start(MockRpcConfig.builder().route(AdminApi.routes(token, false)).build());
      server = CableServer.start(
          CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build());
      rpc.broadcaster(server::broadcast);
    }

    Answer send(String method, String path, String body, Map<String, String> headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpc.port() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(b::header);
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    Answer get(String path) {
      return send("GET", path, null, Map.of());
    }

    Answer delete(String path) {
      return send("DELETE", path, null, Map.of());
    }

    Answer post(String path, String json) {
      return send("POST", path, json, Map.of("Content-Type", "application/json"));
    }

    Answer put(String path, String json) {
      return send("PUT", path, json, Map.of("Content-Type", "application/json"));
    }

    Answer postYaml(String path, String yaml) {
      return send("POST", path, yaml, Map.of("Content-Type", "application/yaml"));
    }

    TestClient connect(String uid) {
      return TestClient.connect(server.url(), Map.of("Cookie", "uid=" + uid), List.of("actioncable-v1-json"));
    }

    @Override
    public void close() {
      http.close();
      server.close();
      rpc.close();
    }
  }

  Rig rig;

  @BeforeEach
  void start() {
    rig = new Rig(null);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void stubsPostedAsYamlAnswerARealClient() {
    Answer created = rig.postYaml("/__admin/stubs", CHAT_YAML);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json()).isEqualTo(json("{\"ids\": [\"connect\", \"subscribe\", \"speak\"]}"));

    try (TestClient alice = rig.connect("26")) {
      assertThat(alice.receive().path("type").asText()).isEqualTo("welcome");
      alice.subscribe(ROOM_42);
      assertThat(alice.receive().path("type").asText()).isEqualTo("confirm_subscription");
      alice.perform(ROOM_42, "{\"action\":\"speak\",\"text\":\"hi\"}");
      assertThat(alice.receive().path("message")).isEqualTo(json("{\"text\":\"hi\",\"from\":\"26\"}"));
    }
    JsonNode listed = rig.get("/__admin/stubs").json();
    assertThat(listed.path("stubs")).extracting(JsonNode::toString).containsExactly(
        "{\"id\":\"connect\",\"match\":{\"on\":\"connect\"},\"reply\":{\"accept\":{\"identifiers\":{\"user\":\"{{cookies.uid}}\"}}}}",
        "{\"id\":\"subscribe\",\"match\":{\"on\":\"subscribe\",\"channel\":\"ChatChannel\"},\"reply\":{\"confirm\":true,\"stream_from\":[\"chat_{{params.room}}\"]}}",
        "{\"id\":\"speak\",\"match\":{\"on\":\"perform\",\"channel\":\"ChatChannel\",\"action\":\"speak\"},\"reply\":{\"broadcast\":"
            + "[{\"stream\":\"chat_{{params.room}}\",\"data\":{\"text\":\"{{data.text}}\",\"from\":\"{{identifiers.user}}\"}}]}}");
    assertThat(listed.path("meta")).isEqualTo(json("""
        {"connect": {"hits": 1, "source": "admin"},
         "subscribe": {"hits": 1, "source": "admin"},
         "speak": {"hits": 1, "source": "admin"}}"""));
  }

  @Test
  void aBrokenBodyIsRefusedByLineAndThePreviousStubsStayActive() {
    rig.postYaml("/__admin/stubs", CHAT_YAML);
    Answer refused = rig.postYaml("/__admin/stubs", """
        - match: { on: connect }
          reply: { reject: true }
        - match: { on: subscribe, chanel: ChatChannel }
          reply: { reject: true, stream_from: x }
        """);
    assertThat(refused.status()).isEqualTo(422);
    String chanel = "stub 2: match: unknown key \"chanel\"; did you mean \"channel\"?";
    String streams = "stub 2: reply: a rejected subscription cannot stream from [x]: the server would still attach those streams (PROTOCOL.md 2.3)";
    var expected = Json.MAPPER.createObjectNode().put("error", "request body:3: " + chanel + "\nrequest body:4: " + streams);
    expected.putArray("problems")
        .add(Json.MAPPER.createObjectNode().put("file", "request body").put("line", 3).put("message", chanel))
        .add(Json.MAPPER.createObjectNode().put("file", "request body").put("line", 4).put("message", streams));
    assertThat(refused.json()).isEqualTo(expected);
    Answer replaced = rig.put("/__admin/stubs", "[{\"match\": {\"on\": \"subscribe\"}, \"reply\": {\"reject\": true, \"streams\": [\"x\"]}}]");
    assertThat(replaced.status()).isEqualTo(422);
    assertThat(replaced.json().path("problems").get(0).path("message").asText())
        .isEqualTo("stub 1: reply: a rejected subscription cannot stream from [x]: the server would still attach those streams (PROTOCOL.md 2.3)");

    assertThat(rig.rpc.stubs()).extracting(Stub::id).containsExactly("connect", "subscribe", "speak");
    try (TestClient alice = rig.connect("26")) {
      assertThat(alice.receive().path("type").asText()).isEqualTo("welcome");
    }
  }

  @Test
  void putReplacesEveryStubAtOnce() {
    rig.postYaml("/__admin/stubs", CHAT_YAML);
    Answer replaced = rig.put("/__admin/stubs", "{\"stubs\": [{\"id\": \"no\", \"match\": {\"on\": \"connect\"}, \"reply\": {\"reject\": true}}]}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json()).isEqualTo(json("{\"ids\": [\"no\"]}"));
    try (TestClient alice = rig.connect("26")) {
      assertThat(alice.receive().path("type").asText()).isEqualTo("disconnect");
    }
  }

  @Test
  void getsDeletesAndResetsStubsById() {
    rig.post("/__admin/stubs", "{\"id\": \"one\", \"name\": \"first\", \"match\": {\"on\": \"connect\"}, \"reply\": {\"accept\": true}}");
    rig.post("/__admin/stubs", "[{\"id\": \"two\", \"match\": {}, \"reply\": {}}, {\"id\": \"three\", \"match\": {}, \"reply\": {}}]");

    Answer one = rig.get("/__admin/stubs/one");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json()).isEqualTo(json("""
        {"stub": {"id": "one", "name": "first", "match": {"on": "connect"}, "reply": {"accept": true}},
         "hits": 0, "source": "admin"}"""));
    assertThat(rig.delete("/__admin/stubs/one").json()).isEqualTo(json("{\"deleted\": \"one\"}"));
    Answer gone = rig.delete("/__admin/stubs/one");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json()).isEqualTo(json("{\"error\": \"no stub with id \\\"one\\\"\"}"));
    assertThat(rig.get("/__admin/stubs/one").status()).isEqualTo(404);

    assertThat(rig.post("/__admin/stubs/reset", "").json()).isEqualTo(json("{\"removed\": 2}"));
    assertThat(rig.rpc.stubs()).isEmpty();
  }

  @Test
  void aStubWithAnExistingIdReplacesIt() {
    rig.post("/__admin/stubs", "{\"id\": \"c\", \"match\": {\"on\": \"connect\"}, \"reply\": {\"accept\": true}}");
    rig.post("/__admin/stubs", "{\"id\": \"c\", \"match\": {\"on\": \"connect\"}, \"reply\": {\"reject\": true}}");
    assertThat(rig.rpc.stubs()).hasSize(1);
    assertThat(rig.rpc.stubs().get(0).replies().get(0).outcome()).isEqualTo(Reply.Outcome.REJECT);
  }

  @Test
  void refusesAnEmptyBody() {
    Answer empty = rig.post("/__admin/stubs", "");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.json()).isEqualTo(json("{\"error\": \"the body is empty: send a stub, a list of stubs or {\\\"stubs\\\": [...]}\"}"));
  }

  @Test
  void listsStubsComputedInJavaForDisplay() {
    rig.rpc.onConnect().reply(call -> Replies.accept());
    JsonNode stub = rig.get("/__admin/stubs").json().path("stubs").get(0);
    assertThat(stub.path("reply")).isEqualTo(json("{\"computed\": \"computed in Java\"}"));
  }
}
