package io.cablekit.mock;

import static io.cablekit.mock.AdminApiTest.json;
import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.AdminApiTest.Answer;
import io.cablekit.mock.AdminApiTest.Rig;
import io.cablekit.server.support.TestClient;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal over the admin API: decoded calls, unmatched calls with near misses, counts and verification. */
class AdminApiJournalTest {
  static final String ROOM_42 = AdminApiTest.ROOM_42;
  static final String OTHER = "{\"channel\":\"OtherChannel\"}";
  Rig rig;
  String sid;

  @BeforeEach
  void chat() {
    rig = new Rig(null);
    rig.rpc.onConnect().reply(accept(Map.of("user", "{{cookies.uid}}")));
    rig.rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}").istate("room", "{{params.room}}"));
    rig.rpc.stub(new Stub("speak", null, 5, RequestPattern.perform("ChatChannel", "speak"),
        List.of(Replies.ok().broadcast("chat_{{params.room}}", TextNode.valueOf("{{data.text}}"))), null, null, null, "test"));
    try (TestClient alice = rig.connect("26")) {
      alice.receive();
      sid = rig.server.sessions().get(0).sid();
      alice.subscribe(ROOM_42);
      alice.receive();
      alice.subscribe(OTHER); // no stub: strict mode answers ERROR and journals it as unmatched
      alice.perform(ROOM_42, "{\"action\":\"speak\",\"text\":\"hi\"}");
      alice.receive();
      // the mock journals a call after making its broadcasts: wait for it before disconnecting
      rig.rpc.verifyWithin(Duration.ofSeconds(5), Count.once(), RequestPattern.perform("ChatChannel", "speak"));
    }
    rig.rpc.verifyWithin(Duration.ofSeconds(5), Count.once(), RequestPattern.disconnect());
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void listsEveryCallDecodedWithItsResponse() {
    Answer answer = rig.get("/__admin/calls?kind=perform&channel=ChatChannel");
    assertThat(answer.status()).isEqualTo(200);
    JsonNode calls = answer.json().path("calls");
    assertThat(calls).hasSize(1);
    ObjectNode call = (ObjectNode) calls.get(0);
    assertThat(call.remove("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(call).isEqualTo(json("""
        {"seq": 4, "kind": "perform", "sid": "%s",
         "channel": "ChatChannel", "params": {"room": "42"}, "identifier": "{\\"channel\\":\\"ChatChannel\\",\\"room\\":\\"42\\"}",
         "action": "speak", "data": {"action": "speak", "text": "hi"},
         "identifiers": {"user": "26"},
         "url": "http://127.0.0.1:%d/cable",
         "headers": {"REMOTE_ADDR": "127.0.0.1", "cookie": "uid=26"},
         "cstate": {}, "istate": {"room": "42"},
         "stub_id": "speak",
         "response": {"status": "SUCCESS"},
         "broadcasts": ["chat_42"],
         "malformed": []}""".formatted(sid, rig.server.port())));
  }

  @Test
  void listsConnectDefaultAnswersAndDisconnects() {
    JsonNode calls = rig.get("/__admin/calls").json().path("calls");
    assertThat(calls).extracting(c -> c.path("kind").asText())
        .containsExactly("connect", "subscribe", "subscribe", "perform", "disconnect");
    JsonNode unmatched = calls.get(2);
    assertThat(unmatched.path("default_reply").asText()).isEqualTo("strict");
    assertThat(unmatched.has("stub_id")).isFalse();
    assertThat(unmatched.path("response")).isEqualTo(json("""
        {"status": "ERROR", "error_msg": "No stub matched subscribe OtherChannel (see the mock's unmatched calls)"}"""));
    JsonNode connect = calls.get(0);
    assertThat(connect.path("response").path("identifiers").asText()).isEqualTo("{\"user\":\"26\"}");
    assertThat(calls.get(4).path("subscriptions")).isEqualTo(json("[\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\"]"));
  }

  @Test
  void keepsTheMostRecentCallsUnderALimit() {
    assertThat(rig.get("/__admin/calls?limit=2").json().path("calls")).extracting(c -> c.path("seq").asInt())
        .containsExactly(4, 5);
    assertThat(rig.get("/__admin/calls?kind=message&limit=0").json().path("calls")).isEmpty();
  }

  @Test
  void refusesBadQueryParameters() {
    Answer kind = rig.get("/__admin/calls?kind=bogus");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.json()).isEqualTo(json("""
        {"error": "kind: unknown call kind \\"bogus\\"; expected connect, subscribe, unsubscribe, perform or disconnect"}"""));
    Answer limit = rig.get("/__admin/calls?limit=-1");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json()).isEqualTo(json("{\"error\": \"limit: expected a whole number of at least 0, got \\\"-1\\\"\"}"));
  }

  @Test
  void clearsTheJournal() {
    assertThat(rig.delete("/__admin/calls").json()).isEqualTo(json("{\"removed\": 5}"));
    assertThat(rig.get("/__admin/calls").json()).isEqualTo(json("{\"calls\": []}"));
  }

  @Test
  void listsUnmatchedCallsWithTheirNearMissReport() {
    JsonNode calls = rig.get("/__admin/calls/unmatched").json().path("calls");
    assertThat(calls).extracting(c -> c.path("seq").asInt(), c -> c.path("default_reply").asText())
        .containsExactly(tuple(3, "strict"), tuple(5, "ok"));
    assertThat(calls.get(1).path("near_misses").asText()).isEqualTo("""
        No stub matched this disconnect call:
          disconnect identifiers {"user":"26"}
        No stub handles disconnect calls.""");
    assertThat(calls.get(0).path("near_misses").asText()).isEqualTo("""
        No stub matched this subscribe call:
          subscribe OtherChannel
        Closest stubs:
          subscribe ChatChannel
            <- channel: expected "ChatChannel" but was "OtherChannel\"""");
  }

  @Test
  void countsCallsMatchingAPattern() {
    Answer count = rig.post("/__admin/calls/count", "{\"match\": {\"on\": \"subscribe\", \"params\": {\"room\": \"42\"}}}");
    assertThat(count.json()).isEqualTo(json("{\"count\": 1}"));
    assertThat(rig.post("/__admin/calls/count", "{\"on\": \"message\"}").json()).isEqualTo(json("{\"count\": 1}"));
    assertThat(rig.post("/__admin/calls/count", "{}").json()).isEqualTo(json("{\"count\": 5}"));
    Answer broken = rig.post("/__admin/calls/count", "{\"match\": {\"on\": \"perfrom\"}}");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.json().path("error").asText())
        .isEqualTo("request body:1: match.on: unknown call kind \"perfrom\"; did you mean \"perform\"?");
  }

  @Test
  void verifiesCountsAndAnswers409WithTheReport() {
    String speak = "\"match\": {\"on\": \"perform\", \"channel\": \"ChatChannel\", \"action\": \"speak\"}";
    Answer passed = rig.post("/__admin/calls/verify", "{" + speak + ", \"count\": {\"exactly\": 1}}");
    assertThat(passed.status()).isEqualTo(200);
    assertThat(passed.json()).isEqualTo(json("{\"count\": 1, \"expected\": \"1 time\"}"));
    assertThat(rig.post("/__admin/calls/verify", "{" + speak + "}").json())
        .isEqualTo(json("{\"count\": 1, \"expected\": \"at least 1 time\"}"));

    Answer failed = rig.post("/__admin/calls/verify",
        "{\"match\": {\"on\": \"perform\", \"data\": {\"text\": \"bye\"}}, \"count\": {\"at_least\": 1}}");
    assertThat(failed.status()).isEqualTo(409);
    VerificationException expected = catchThrowableOfType(VerificationException.class,
        () -> rig.rpc.verify(Count.atLeast(1), RequestPattern.of(Kind.PERFORM).withData(Map.of("text", "bye"))));
    assertThat(failed.json()).isEqualTo(
        json("{\"count\": 0, \"expected\": \"at least 1 time\"}").deepCopy().<ObjectNode>require()
            .put("error", expected.getMessage()));
    assertThat(expected.getMessage()).isEqualTo("""
        Expecting perform calls matching:
          perform data {"text":"bye"}
        at least 1 time, but there were 0. Closest calls:
          #4 perform ChatChannel#speak params {"room":"42"} data {"action":"speak","text":"hi"}
            <- data.text: expected "bye" but was "hi\"""");

    Answer broken = rig.post("/__admin/calls/verify", "{" + speak + ", \"count\": {\"exactly\": 1, \"at_most\": 2}}");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.json().path("error").asText())
        .isEqualTo("request body:1: count: expected one of exactly, at_least and at_most, got 2");
  }
}
