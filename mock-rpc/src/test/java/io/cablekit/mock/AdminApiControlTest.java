package io.cablekit.mock;

import static io.cablekit.mock.AdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cablekit.mock.AdminApiTest.Answer;
import io.cablekit.mock.AdminApiTest.Rig;
import io.cablekit.mock.internal.admin.AdminRoutes;
import io.cablekit.server.support.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scenarios, broadcasts, mode, reset, health and the OpenAPI document over the admin API. */
class AdminApiControlTest {
  static final String ROOM_42 = AdminApiTest.ROOM_42;
  Rig rig;

  @BeforeEach
  void start() {
    rig = new Rig(null);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void movesScenariosBetweenStatesAndResetsThem() {
    rig.postYaml("/__admin/stubs", """
        - match: { on: connect }
          scenario: login
          when_state: Started
          set_state: locked
          reply: { accept: true }
        - match: { on: connect }
          scenario: login
          when_state: locked
          reply: { reject: true }
        """);
    assertThat(rig.get("/__admin/scenarios").json()).isEqualTo(json("{\"scenarios\": {\"login\": \"Started\"}}"));
    try (TestClient first = rig.connect("1")) {
      assertThat(first.receive().path("type").asText()).isEqualTo("welcome");
    }
    assertThat(rig.get("/__admin/scenarios").json()).isEqualTo(json("{\"scenarios\": {\"login\": \"locked\"}}"));

    Answer moved = rig.send("PUT", "/__admin/scenarios/login/state", "{\"state\": \"Started\"}", java.util.Map.of());
    assertThat(moved.json()).isEqualTo(json("{\"scenario\": \"login\", \"state\": \"Started\"}"));
    try (TestClient again = rig.connect("1")) {
      assertThat(again.receive().path("type").asText()).isEqualTo("welcome");
    }
    assertThat(rig.post("/__admin/scenarios/reset", "").json()).isEqualTo(json("{\"scenarios\": {\"login\": \"Started\"}}"));

    Answer unknown = rig.send("PUT", "/__admin/scenarios/checkout/state", "{\"state\": \"paid\"}", java.util.Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json()).isEqualTo(json("{\"error\": \"no scenario named \\\"checkout\\\"; known: [login]\"}"));
    Answer noState = rig.send("PUT", "/__admin/scenarios/login/state", "{\"state\": 1}", java.util.Map.of());
    assertThat(noState.status()).isEqualTo(400);
    assertThat(noState.json()).isEqualTo(json("{\"error\": \"state: expected a string, e.g. {\\\"state\\\": \\\"paid\\\"}, got 1\"}"));
  }

  @Test
  void broadcastsReachSubscribedClients() {
    rig.postYaml("/__admin/stubs", """
        - { match: { on: connect }, reply: { accept: true } }
        - { match: { on: subscribe, channel: ChatChannel }, reply: { stream_from: "chat_{{params.room}}" } }
        """);
    try (TestClient alice = rig.connect("26")) {
      alice.receive();
      alice.subscribe(ROOM_42);
      alice.receive();
      Answer json = rig.post("/__admin/broadcast", "{\"stream\": \"chat_42\", \"data\": {\"text\": \"from admin\"}}");
      assertThat(json.json()).isEqualTo(json("{\"stream\": \"chat_42\"}"));
      assertThat(alice.receive().path("message")).isEqualTo(json("{\"text\": \"from admin\"}"));
      rig.post("/__admin/broadcast", "{\"stream\": \"chat_42\", \"data\": \"plain\"}");
      assertThat(alice.receive().path("message").asText()).isEqualTo("plain");
    }
    Answer bad = rig.post("/__admin/broadcast", "{\"stream\": \"chat_42\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).isEqualTo(json("{\"error\": \"data: expected a string or JSON, got nothing\"}"));
  }

  @Test
  void aMockWithoutBroadcasterRefusesToBroadcast() {
    rig.rpc.broadcaster(null);
    Answer refused = rig.post("/__admin/broadcast", "{\"stream\": \"chat_42\", \"data\": 1}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json()).isEqualTo(json(
        "{\"error\": \"the mock has no broadcaster to publish through; set one with MockRpc.broadcaster(...)\"}"));
  }

  @Test
  void switchesToPermissiveModeWhereUnmatchedSubscriptionsAreConfirmed() {
    assertThat(rig.post("/__admin/mode", "{\"mode\": \"permissive\"}").json()).isEqualTo(json("{\"mode\": \"permissive\"}"));
    assertThat(rig.rpc.mode()).isEqualTo(Mode.PERMISSIVE);
    try (TestClient alice = rig.connect("26")) {
      alice.receive();
      alice.subscribe(ROOM_42);
      assertThat(alice.receive().path("type").asText()).isEqualTo("confirm_subscription");
    }
    Answer bad = rig.post("/__admin/mode", "{\"mode\": \"lenient\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).isEqualTo(json("{\"error\": \"mode: expected \\\"strict\\\" or \\\"permissive\\\", got \\\"lenient\\\"\"}"));
    Answer notJson = rig.post("/__admin/mode", "strict");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("error").asText()).startsWith("the body is not JSON: ");
  }

  @Test
  void resetForgetsStubsJournalAndScenarios() {
    rig.postYaml("/__admin/stubs", "- { match: { on: connect }, scenario: s, set_state: x, reply: { accept: true } }\n");
    try (TestClient alice = rig.connect("26")) {
      alice.receive();
    }
    rig.rpc.verifyWithin(java.time.Duration.ofSeconds(5), Count.once(), RequestPattern.disconnect());
    assertThat(rig.get("/__admin/health").json()).isEqualTo(json("{\"status\": \"ok\", \"mode\": \"strict\", \"stubs\": 1, \"calls\": 2}"));
    assertThat(rig.post("/__admin/reset", "").json()).isEqualTo(json("{\"removed_stubs\": 1, \"removed_calls\": 2}"));
    assertThat(rig.get("/__admin/health").json()).isEqualTo(json("{\"status\": \"ok\", \"mode\": \"strict\", \"stubs\": 0, \"calls\": 0}"));
    assertThat(rig.get("/__admin/scenarios").json()).isEqualTo(json("{\"scenarios\": {}}"));
  }

  @Test
  void servesAnOpenApiDocumentOfEveryEndpoint() throws Exception {
    Answer doc = rig.get("/__admin/openapi.yaml");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).hasValue("application/yaml");
    JsonNode openapi = new YAMLMapper().readTree(doc.body());
    assertThat(openapi.path("openapi").asText()).isEqualTo("3.1.0");
    List<String> documented = new ArrayList<>();
    openapi.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      if (!op.getKey().equals("parameters")) {
        documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        AdminRoutes.ROUTES.stream().map(r -> r.method().text() + " " + r.path()).toList());
  }

  @Test
  void answersUnknownPathsWith404AndWrongMethodsWith405() {
    Answer unknown = rig.get("/__admin/nope");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json()).isEqualTo(json(
        "{\"error\": \"no admin endpoint /__admin/nope; the API is described at GET /__admin/openapi.yaml\"}"));
    Answer wrong = rig.delete("/__admin/stubs");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, POST, PUT");
    assertThat(wrong.json()).isEqualTo(json("{\"error\": \"DELETE is not allowed on /__admin/stubs; use GET, POST, PUT\"}"));
  }
}
