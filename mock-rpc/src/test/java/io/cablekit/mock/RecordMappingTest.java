package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.internal.dispatch.Answer;
import io.cablekit.mock.internal.record.StubMapper;
import io.cablekit.mock.record.Calls;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.Broadcast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How recorded exchanges become stubs: each case checks the YAML and that a replay answers alike. */
class RecordMappingTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final String SID = "sid-aaaaaaaaaaaaaaaaaaa";
  static final String SID2 = "sid-bbbbbbbbbbbbbbbbbbb";
  static final String TOKEN = "tok-8f3a2b9c77";

  static String welcome(String sid) {
    return "{\"type\":\"welcome\",\"sid\":\"" + sid + "\"}";
  }

  static String confirm(String id) {
    return "{\"identifier\":" + Calls.quote(id) + ",\"type\":\"confirm_subscription\"}";
  }

  static String reject(String id) {
    return "{\"identifier\":" + Calls.quote(id) + ",\"type\":\"reject_subscription\"}";
  }

  static String message(String id, String json) {
    return "{\"identifier\":" + Calls.quote(id) + ",\"message\":" + json + "}";
  }

  static ConnectionResponse accepted(String identifiers, String... frames) {
    return ConnectionResponse.newBuilder().setStatus(Status.SUCCESS).setIdentifiers(identifiers).addAllTransmissions(List.of(frames)).build();
  }

  static CommandResponse.Builder ok(String... frames) {
    return CommandResponse.newBuilder().setStatus(Status.SUCCESS).addAllTransmissions(List.of(frames));
  }

  record Mapped(List<Stub> stubs, String yaml, List<String> warnings) {}

  static Mapped map(Calls calls) {
    StubMapper.Result r = StubMapper.map(calls.exchanges());
    return new Mapped(r.stubs(), StubFiles.write(r.stubs(), StubFiles.Format.YAML), r.warnings());
  }

  /** Replays every recorded call against the written-and-read stubs; each must get the recorded response. */
  static void assertReplaysExactly(Calls calls, Mapped mapped) throws Exception {
    List<Answer> answers = Calls.replay(mapped.stubs(), calls.exchanges(), null);
    for (int i = 0; i < answers.size(); i++) {
      Recorder.Exchange ex = calls.exchanges().get(i);
      Answer expected = ex.response() != null ? new Answer.Response(ex.response()) : new Answer.Fault(ex.fault(), ex.faultMessage());
      assertThat(answers.get(i)).as("replay of call %d (%s)\n%s", i + 1, ex.call().describe(), mapped.yaml()).isEqualTo(expected);
    }
  }

  @Test
  void welcomeBecomesAcceptWithWelcomeAndTheReplayWelcomesTheNewSid() throws Exception {
    Calls calls = new Calls().headers(Map.of("cookie", "_session=" + TOKEN + "; theme=dark", "REMOTE_ADDR", "127.0.0.1"));
    calls.add(calls.connect(SID), accepted("{\"user\":\"alice\"}", welcome(SID)));
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("\"on\": connect").contains("accept:").contains("user: alice")
        .doesNotContain("welcome: false").doesNotContain(SID).doesNotContain(TOKEN).doesNotContain("dark");
    assertThat(m.stubs().get(0).pattern()).isEqualTo(RequestPattern.connect());
    assertReplaysExactly(calls, m);
    Answer replay = Calls.replay(m.stubs(), calls.exchanges(), List.of(SID2)).get(0);
    assertThat(((ConnectionResponse) ((Answer.Response) replay).message()).getTransmissionsList()).containsExactly(welcome(SID2));
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void confirmationTransmitsStreamsAndStateOfARubySubscribe() throws Exception {
    Calls calls = new Calls().identifiers("{\"user\":\"alice\"}");
    calls.add(calls.command(SID, "subscribe", CHAT, null),
        ok(message(CHAT, "{\"hello\":\"world\"}"), confirm(CHAT)).addStreams("chat_42")
            .setEnv(EnvResponse.newBuilder().putIstate("room", "42")).build());
    Mapped m = map(calls);

    assertThat(m.yaml())
        .contains("\"on\": subscribe").contains("channel: ChatChannel").contains("room: \"42\"")
        .contains("stream_from:").contains("- chat_42").contains("transmit:").contains("hello: world")
        .contains("confirm: true").contains("istate:").doesNotContain("transmissions:");
    assertReplaysExactly(calls, m);
  }

  @Test
  void aConfirmationThatIsNotLastStaysInPlaceAsAFrame() throws Exception {
    // @anycable/serverless-js sends the confirmation before the channel's own transmissions
    Calls calls = new Calls();
    calls.add(calls.command(SID, "subscribe", CHAT, null), ok(confirm(CHAT), message(CHAT, "{\"hello\":\"world\"}")).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("confirm: false").contains("transmissions:").doesNotContain("transmit:");
    assertReplaysExactly(calls, m);
  }

  @Test
  void rejectedSubscriptionBecomesReject() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.command(SID, "subscribe", CHAT, null),
        CommandResponse.newBuilder().setStatus(Status.FAILURE).setStopStreams(true).addTransmissions(reject(CHAT)).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("reject: true").doesNotContain("transmissions").doesNotContain("stop_all_streams");
    assertReplaysExactly(calls, m);
  }

  @Test
  void rejectedConnectionBecomesRejectWithItsReason() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.connect(SID), ConnectionResponse.newBuilder().setStatus(Status.FAILURE)
        .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"invalid_request\",\"reconnect\":false}").build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("reject:").contains("reason: invalid_request");
    assertReplaysExactly(calls, m);
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void aRejectionFrameTheMockCannotSendIsApproximatedWithAWarning() {
    // serverless-js rejects with {"type":"disconnect","reason":"unauthorized"} (no reconnect key)
    Calls calls = new Calls();
    calls.add(calls.connect(SID), ConnectionResponse.newBuilder().setStatus(Status.FAILURE).setErrorMsg("Auth failed")
        .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\"}").build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("reject: true");
    assertThat(m.warnings()).singleElement().asString()
        .contains("call 1 (connect)").contains("replays as {\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
  }

  @Test
  void theSameRequestAnsweredDifferentlyBecomesASequenceWithoutItsRepeatedTail() throws Exception {
    Calls calls = new Calls().identifiers("{\"user\":\"alice\"}");
    String count = "{\"action\":\"count\"}";
    calls.add(calls.command(SID, "message", CHAT, count), ok(message(CHAT, "{\"n\":1}")).build());
    calls.add(calls.command(SID, "message", CHAT, count), ok(message(CHAT, "{\"n\":2}")).build());
    calls.add(calls.command(SID, "message", CHAT, count), ok(message(CHAT, "{\"n\":2}")).build());
    Mapped m = map(calls);

    assertThat(m.stubs()).singleElement().satisfies(s -> {
      assertThat(s.replies()).hasSize(2);
      assertThat(s.pattern()).isEqualTo(RequestPattern.perform("ChatChannel", "count").withParams(Map.of("room", "42")));
    });
    assertThat(m.yaml()).contains("replies:").contains("action: count").doesNotContain("data:");
    assertReplaysExactly(calls, m);
  }

  @Test
  void usersAnsweredDifferentlyAreToldApartByTheirIdentifiers() throws Exception {
    Calls calls = new Calls();
    String whoami = "{\"action\":\"whoami\"}";
    calls.identifiers("{\"user\":\"alice\"}").add(calls.command(SID, "message", CHAT, whoami), ok(message(CHAT, "\"alice\"")).build());
    calls.identifiers("{\"user\":\"bob\"}").add(calls.command(SID2, "message", CHAT, whoami), ok(message(CHAT, "\"bob\"")).build());
    calls.identifiers("{\"user\":\"alice\"}").add(calls.command(SID, "message", CHAT, whoami), ok(message(CHAT, "\"alice\"")).build());
    Mapped m = map(calls);

    assertThat(m.stubs()).hasSize(2);
    assertThat(m.yaml()).contains("identifiers:").contains("user: alice").contains("user: bob").doesNotContain("replies:");
    assertReplaysExactly(calls, m);
  }

  @Test
  void connectsAreToldApartByCookiePresenceWithoutWritingCookieValues() throws Exception {
    Calls calls = new Calls();
    calls.headers(Map.of("cookie", "_session=" + TOKEN)).add(calls.connect(SID), accepted("{\"user\":\"alice\"}", welcome(SID)));
    calls.headers(Map.of()).add(calls.connect(SID2), ConnectionResponse.newBuilder().setStatus(Status.FAILURE)
        .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}").build());
    Mapped m = map(calls);

    assertThat(m.stubs()).hasSize(2);
    assertThat(m.stubs().get(0).pattern().cookies()).containsEntry("_session", Matchers.present());
    assertThat(m.stubs().get(1).pattern().cookies()).containsEntry("_session", Matchers.absent());
    assertThat(m.yaml()).contains("$any: true").contains("$absent: true").doesNotContain(TOKEN);
    assertReplaysExactly(calls, m);
  }

  @Test
  void secretHeadersAndQueryParametersAreMatchedByPresenceOnly() throws Exception {
    Calls calls = new Calls();
    calls.url(Calls.URL + "?token=qs-secret-1&room=1").headers(Map.of("x-api-token", "hdr-secret-2"))
        .add(calls.connect(SID), accepted("{}", welcome(SID)));
    calls.url(Calls.URL + "?room=1").headers(Map.of())
        .add(calls.connect(SID2), accepted("{\"guest\":true}", welcome(SID2)));
    Mapped m = map(calls);

    assertThat(m.stubs()).hasSize(2);
    assertThat(m.yaml()).doesNotContain("qs-secret-1").doesNotContain("hdr-secret-2").contains("$any: true");
    assertReplaysExactly(calls, m);
  }

  @Test
  void secretsInRepliesBecomePlaceholdersOfTheCallOrRedacted() throws Exception {
    Calls calls = new Calls();
    calls.headers(Map.of("cookie", "_session=" + TOKEN)).identifiers("{\"user\":\"alice\",\"token\":\"" + TOKEN + "\"}");
    calls.add(calls.connect(SID), accepted("{\"user\":\"alice\",\"token\":\"" + TOKEN + "\"}", welcome(SID)));
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"me\"}"), ok(message(CHAT, "{\"token\":\"" + TOKEN + "\"}")).build());
    // another session, without the cookie, is told the first one's token: it cannot come back from its call
    calls.headers(Map.of()).identifiers("{\"user\":\"bob\"}");
    calls.add(calls.command(SID2, "message", CHAT, "{\"action\":\"spy\"}"), ok(message(CHAT, "{\"seen\":\"" + TOKEN + "\"}")).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).doesNotContain(TOKEN).contains("\"{{cookies._session}}\"").contains("[REDACTED]");
    List<Answer> answers = Calls.replay(m.stubs(), calls.exchanges(), null);
    assertThat(answers.subList(0, 2)).containsExactly(
        new Answer.Response(calls.exchanges().get(0).response()), new Answer.Response(calls.exchanges().get(1).response()));
    assertThat(((CommandResponse) ((Answer.Response) answers.get(2)).message()).getTransmissions(0))
        .isEqualTo(message(CHAT, "{\"seen\":\"[REDACTED]\"}"));
  }

  @Test
  void shortSecretsAreReplacedOnlyAsWholeValues() throws Exception {
    Calls calls = new Calls().headers(Map.of("cookie", "uid=26"));
    calls.add(calls.connect(SID), accepted("{\"user\":\"26\"}", welcome(SID)));
    calls.identifiers("{\"user\":\"26\"}");
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"hi\"}"), ok(message(CHAT, "{\"text\":\"room 26 says hi\"}")).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("user: \"{{cookies.uid}}\"").contains("room 26 says hi");
    assertReplaysExactly(calls, m);
  }

  @Test
  void theSidInRepliesBecomesAPlaceholder() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.connect(SID), accepted("{\"sid\":\"" + SID + "\"}", welcome(SID)));
    calls.add(calls.command(SID, "subscribe", CHAT, null), ok(confirm(CHAT)).addStreams("user_" + SID).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).doesNotContain(SID).contains("sid: \"{{sid}}\"").contains("user_{{sid}}");
    assertReplaysExactly(calls, m);
    Answer replay = Calls.replay(m.stubs(), calls.exchanges(), List.of(SID2, SID2)).get(1);
    assertThat(((CommandResponse) ((Answer.Response) replay).message()).getStreamsList()).containsExactly("user_" + SID2);
  }

  @Test
  void requestValuesHoldingTheSidOrASecretAreMatchedByPresence() throws Exception {
    Calls calls = new Calls().headers(Map.of("cookie", "_session=" + TOKEN));
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"ack\",\"from\":\"" + SID + "\",\"apiKey\":\"k-1\",\"author\":\"ann\"}"),
        ok().build());
    calls.add(calls.command(SID2, "message", CHAT, "{\"action\":\"ack\",\"from\":\"" + SID2 + "\",\"apiKey\":\"k-2\",\"author\":\"ann\"}"),
        ok().build());
    Mapped m = map(calls);

    assertThat(m.stubs()).singleElement().satisfies(s -> assertThat(s.pattern().data()).isEqualTo(
        io.cablekit.protocol.Json.MAPPER.readTree("{\"from\":{\"$any\":true},\"apiKey\":{\"$any\":true},\"author\":\"ann\"}")));
    assertThat(m.yaml()).doesNotContain(SID).doesNotContain("k-1");
    assertReplaysExactly(calls, m);
  }

  @Test
  void errorsAndGrpcFaultsBecomeErrorAndStatus() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.command(SID, "subscribe", "{\"channel\":\"Nope\"}", null),
        CommandResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg("Channel not found").build());
    calls.fail(calls.command(SID, "message", CHAT, "{\"action\":\"speak\"}"), io.grpc.Status.Code.RESOURCE_EXHAUSTED, "pool is full");
    calls.add(calls.disconnect(SID, List.of(CHAT)), DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build());
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("error: Channel not found").contains("status: RESOURCE_EXHAUSTED").contains("message: pool is full")
        .contains("\"on\": disconnect");
    assertReplaysExactly(calls, m);
  }

  @Test
  void broadcastsMadeWhileHandlingACallBecomeReplyBroadcasts() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"speak\",\"text\":\"hi\"}"), ok().build(),
        Broadcast.of("chat_42", "{\"text\":\"hi\",\"from\":\"alice\"}"),
        new Broadcast("chat_42", "{\"typing\":false}", SID, null, false));
    Mapped m = map(calls);

    assertThat(m.yaml()).contains("broadcast:").contains("stream: chat_42").contains("from: alice").contains("exclude_self: true")
        .contains("text: hi");
    assertReplaysExactly(calls, m);
    assertThat(m.stubs().get(0).replies().get(0).broadcasts()).hasSize(2);
  }

  @Test
  void aMoreSpecificRecordedPatternOutranksALooserOne() throws Exception {
    Calls calls = new Calls();
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"speak\",\"text\":\"hi\",\"to\":\"bob\"}"), ok(message(CHAT, "\"private\"")).build());
    calls.add(calls.command(SID, "message", CHAT, "{\"action\":\"speak\",\"text\":\"hi\"}"), ok(message(CHAT, "\"public\"")).build());
    Mapped m = map(calls);

    assertThat(m.stubs()).extracting(Stub::priority).containsExactly(5, 6);
    assertReplaysExactly(calls, m);
  }
}
