package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md 3.6: the extended protocol {@code actioncable-v1-ext-json}: its negotiation,
 * stream positions and history with the memory broker, and whispers.
 */
class ExtendedProtocolTest {
  static final String EXT = "actioncable-v1-ext-json";
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";
  static final String OTHER = "{\"channel\":\"ChatChannel\",\"room\":\"2\"}";
  static final Duration SILENCE = Duration.ofMillis(300);

  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** A server whose RPC streams each subscription from "room-<room>" and sets $w to it. */
  void start(UnaryOperator<CableConfig.Builder> config) {
    h = Harness.start(config);
    h.rpc.onCommand(
        c -> {
          String id = c.command().getIdentifier();
          if (!c.command().getCommand().equals("subscribe")) {
            return CommandResponse.newBuilder().setStatus(Status.SUCCESS).build();
          }
          if (id.contains("Forbidden")) {
            return CommandResponse.newBuilder()
                .setStatus(Status.FAILURE)
                .addTransmissions("{\"type\":\"reject_subscription\",\"identifier\":" + io.cablekit.protocol.Json.quote(id) + "}")
                .build();
          }
          String stream = "room-" + (id.contains("\"2\"") ? "2" : "1");
          return CommandResponse.newBuilder()
              .setStatus(Status.SUCCESS)
              .addStreams(stream)
              .setEnv(EnvResponse.newBuilder().putIstate("$w", stream).putIstate("$p", stream))
              .addTransmissions(confirm(id))
              .build();
        });
  }

  TestClient connect(String protocol) {
    TestClient client = h.track(TestClient.connect(h.server.url(), Map.of(), List.of(protocol)));
    assertThat(client.receive().path("type").asText()).isEqualTo("welcome");
    return client;
  }

  TestClient subscribed(String protocol, String identifier) {
    TestClient client = connect(protocol);
    client.subscribe(identifier);
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
    return client;
  }

  static String history(String identifier, String historyJson) {
    return "{\"command\":\"history\",\"identifier\":" + io.cablekit.protocol.Json.quote(identifier)
        + ",\"history\":" + historyJson + "}";
  }

  @Test
  void theExtendedSubProtocolIsNegotiated() {
    start(b -> b);
    TestClient client = connect(EXT);
    assertThat(client.ws().protocol()).isEqualTo(EXT);
  }

  @Nested
  class WithTheMemoryBroker {
    @Test
    void everyStoredBroadcastCarriesItsStreamPositionWhateverTheProtocol() {
      start(b -> b.broker("memory"));
      TestClient ext = subscribed(EXT, CHAT);
      TestClient plain = subscribed("actioncable-v1-json", CHAT);
      h.server.broadcast("room-1", "{\"n\":1}");
      h.server.broadcast("room-1", "{\"n\":2}");
      for (TestClient client : List.of(ext, plain)) {
        JsonNode first = client.receive();
        JsonNode second = client.receive();
        assertThat(first.path("stream_id").asText()).isEqualTo("room-1");
        assertThat(first.path("epoch").asText()).hasSize(4);
        assertThat(first.path("offset").asLong()).isEqualTo(1);
        assertThat(second.path("offset").asLong()).isEqualTo(2);
        assertThat(second.path("epoch").asText()).isEqualTo(first.path("epoch").asText());
        assertThat(first.path("message").path("n").asInt()).isEqualTo(1);
      }
    }

    @Test
    void theFrameKeepsTheReferenceKeyOrder() throws Exception {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      h.server.broadcast("room-1", "{\"n\":1}");
      String text = client.receiveText(TestClient.WAIT, true);
      String epoch = io.cablekit.protocol.Json.MAPPER.readTree(text).path("epoch").asText();
      assertThat(text)
          .isEqualTo("{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
              + ",\"message\":{\"n\":1},\"stream_id\":\"room-1\",\"epoch\":\"" + epoch + "\",\"offset\":1}");
    }

    @Test
    void transientBroadcastsAreNeitherStampedNorStored() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      h.server.broadcast(new Broadcast("room-1", "\"typing\"", null, null, true));
      JsonNode frame = client.receive();
      assertThat(frame.has("offset")).isFalse();
      client.send(history(CHAT, "{\"since\":" + (Instant.now().getEpochSecond() - 60) + "}"));
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_history");
    }

    @Test
    void historyAfterAKnownPositionReplaysOnlyNewerMessagesThenConfirms() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      for (int i = 1; i <= 5; i++) {
        h.server.broadcast("room-1", "{\"n\":" + i + "}");
      }
      List<JsonNode> live = receive(client, 5);
      String epoch = live.get(0).path("epoch").asText();
      client.send(history(CHAT, "{\"streams\":{\"room-1\":{\"epoch\":\"" + epoch + "\",\"offset\":3}}}"));
      JsonNode four = client.receive();
      JsonNode five = client.receive();
      assertThat(four.path("offset").asLong()).isEqualTo(4);
      assertThat(four.path("message").path("n").asInt()).isEqualTo(4);
      assertThat(four.path("identifier").asText()).isEqualTo(CHAT);
      assertThat(four.path("stream_id").asText()).isEqualTo("room-1");
      assertThat(five.path("offset").asLong()).isEqualTo(5);
      assertThat(client.receive().toString())
          .isEqualTo("{\"type\":\"confirm_history\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + "}");
      client.expectSilence(SILENCE);
    }

    @Test
    void historyAtTheLatestOffsetIsConfirmedEmpty() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      h.server.broadcast("room-1", "1");
      String epoch = client.receive().path("epoch").asText();
      client.send(history(CHAT, "{\"streams\":{\"room-1\":{\"epoch\":\"" + epoch + "\",\"offset\":1}}}"));
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_history");
    }

    @Test
    void historySinceATimeReplaysWhatWasPublishedBeforeTheSubscription() {
      start(b -> b.broker("memory"));
      long since = Instant.now().getEpochSecond() - 1;
      TestClient early = subscribed(EXT, CHAT);
      h.server.broadcast("room-1", "{\"n\":1}");
      h.server.broadcast("room-1", "{\"n\":2}");
      receive(early, 2); // delivered, so stored

      TestClient late = subscribed(EXT, CHAT);
      late.expectSilence(SILENCE);
      late.send(history(CHAT, "{\"since\":" + since + "}"));
      assertThat(receive(late, 2)).extracting(n -> n.path("message").path("n").asInt()).containsExactly(1, 2);
      assertThat(late.receive().path("type").asText()).isEqualTo("confirm_history");

      TestClient future = subscribed(EXT, CHAT);
      future.send(history(CHAT, "{\"since\":" + (Instant.now().getEpochSecond() + 60) + "}"));
      assertThat(future.receive().path("type").asText()).as("nothing that recent").isEqualTo("confirm_history");
    }

    @Test
    void subscribeWithHistoryConfirmsThenReplaysThenConfirmsHistory() throws Exception {
      start(b -> b.broker("memory"));
      long since = Instant.now().getEpochSecond() - 1;
      TestClient publisherSide = subscribed(EXT, CHAT);
      h.server.broadcast("room-1", "{\"n\":1}");
      h.server.broadcast("room-1", "{\"n\":2}");
      receive(publisherSide, 2); // both stored before the late subscriber asks

      TestClient late = connect(EXT);
      late.send("{\"command\":\"subscribe\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
          + ",\"history\":{\"since\":" + since + "}}");
      assertThat(late.receive().path("type").asText()).isEqualTo("confirm_subscription");
      assertThat(late.receive().path("message").path("n").asInt()).isEqualTo(1);
      assertThat(late.receive().path("message").path("n").asInt()).isEqualTo(2);
      assertThat(late.receive().path("type").asText()).isEqualTo("confirm_history");
    }

    @Test
    void aRejectedSubscriptionGetsNoHistory() {
      start(b -> b.broker("memory"));
      TestClient client = connect(EXT);
      String forbidden = "{\"channel\":\"Forbidden\"}";
      client.send("{\"command\":\"subscribe\",\"identifier\":" + io.cablekit.protocol.Json.quote(forbidden)
          + ",\"history\":{\"since\":1}}");
      assertThat(client.receive().path("type").asText()).isEqualTo("reject_subscription");
      client.expectSilence(SILENCE);
    }

    @Test
    void historyIsRejectedForAnUnknownEpochAnEvictedOffsetAFutureOffsetOrAnEmptyRequest() {
      start(b -> b.broker("memory").historyLimit(3));
      TestClient client = subscribed(EXT, CHAT);
      for (int i = 1; i <= 6; i++) {
        h.server.broadcast("room-1", String.valueOf(i));
      }
      String epoch = receive(client, 6).get(0).path("epoch").asText();
      String reject = "{\"type\":\"reject_history\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + "}";
      for (String request :
          List.of(
              "{\"streams\":{\"room-1\":{\"epoch\":\"zzzz\",\"offset\":5}}}",
              "{\"streams\":{\"room-1\":{\"epoch\":\"" + epoch + "\",\"offset\":1}}}",
              "{\"streams\":{\"room-1\":{\"epoch\":\"" + epoch + "\",\"offset\":9}}}",
              "{}")) {
        client.send(history(CHAT, request));
        assertThat(client.receive().toString()).as(request).isEqualTo(reject);
      }
      // the oldest retained is 4: asking after 3 still works
      client.send(history(CHAT, "{\"streams\":{\"room-1\":{\"epoch\":\"" + epoch + "\",\"offset\":3}}}"));
      assertThat(receive(client, 3)).extracting(n -> n.path("offset").asLong()).containsExactly(4L, 5L, 6L);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_history");
    }

    @Test
    void historyOfAnIdentifierNotSubscribedIsRejected() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      client.send(history(OTHER, "{\"since\":1}"));
      assertThat(client.receive().path("type").asText()).isEqualTo("reject_history");
    }

    @Test
    void aHistoryFieldOfTheWrongTypeIsAMalformedMessage() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      client.send(history(CHAT, "{\"since\":\"yesterday\"}"));
      assertThat(client.awaitClosed().code()).isEqualTo(1007);
      assertThat(h.rpc.history("Command")).extracting(c -> c.command().getCommand()).containsExactly("subscribe");
    }
  }

  @Nested
  class SessionRestore {
    /** Connects with identifiers and cstate from Connect, subscribes, and returns the sid. */
    String sessionThatLeft(boolean close) throws Exception {
      h.rpc.onConnect(
          c ->
              io.cablekit.rpc.ConnectionResponse.newBuilder()
                  .setStatus(Status.SUCCESS)
                  .setIdentifiers("{\"user\":\"alice\"}")
                  .setEnv(EnvResponse.newBuilder().putCstate("locale", "fr"))
                  .addTransmissions("{\"type\":\"welcome\",\"sid\":\"" + c.sid() + "\"}")
                  .build());
      TestClient first = h.track(TestClient.connect(h.server.url(), Map.of(), List.of(EXT)));
      String sid = first.receive().path("sid").asText();
      first.subscribe(CHAT);
      assertThat(first.receive().path("type").asText()).isEqualTo("confirm_subscription");
      if (close) {
        first.close();
        assertThat(h.rpc.take("Disconnect", TestClient.WAIT)).as("the server saw it leave").isNotNull();
      }
      return sid;
    }

    TestClient reconnect(String query, Map<String, String> headers, String protocol) {
      return h.track(
          TestClient.connect(
              java.net.URI.create(h.server.url() + "?" + query), headers, List.of(protocol)));
    }

    @Test
    void aReconnectWithThePreviousSidGetsItsStateBackWithoutAConnectRpc() throws Exception {
      start(b -> b.broker("memory"));
      String old = sessionThatLeft(true);
      TestClient again = reconnect("sid=" + old, Map.of(), EXT);
      JsonNode welcome = again.receive();
      assertThat(welcome.path("type").asText()).isEqualTo("welcome");
      assertThat(welcome.path("restored").asBoolean()).isTrue();
      assertThat(welcome.path("sid").asText()).isNotEqualTo(old).isNotEmpty();
      assertThat(welcome.path("restored_ids")).extracting(JsonNode::asText).containsExactly(CHAT);
      assertThat(h.rpc.history("Connect")).hasSize(1);

      h.server.broadcast("room-1", "{\"after\":\"restore\"}");
      assertThat(again.receive().path("message").path("after").asText()).isEqualTo("restore");
      SessionInfo info = h.server.session(welcome.path("sid").asText()).orElseThrow();
      assertThat(info.identifiers()).isEqualTo("{\"user\":\"alice\"}");
      assertThat(info.cstate()).containsEntry("locale", "fr");
      assertThat(info.subscription(CHAT).streams()).containsExactly("room-1");
      assertThat(info.subscription(CHAT).istate()).containsEntry("$w", "room-1");

      // a perform after the restore carries the restored state to the RPC server
      again.perform(CHAT, "{\"action\":\"speak\"}");
      var perform = h.rpc.take("Command", TestClient.WAIT);
      while (perform != null && !perform.command().getCommand().equals("message")) {
        perform = h.rpc.take("Command", TestClient.WAIT);
      }
      assertThat(perform).isNotNull();
      assertThat(perform.command().getConnectionIdentifiers()).isEqualTo("{\"user\":\"alice\"}");
      assertThat(perform.command().getEnv().getCstateMap()).containsEntry("locale", "fr");
      assertThat(perform.command().getEnv().getIstateMap()).containsEntry("$w", "room-1");
    }

    @Test
    void theRestoreHeaderWinsOverTheQuery() throws Exception {
      start(b -> b.broker("memory"));
      String old = sessionThatLeft(true);
      TestClient again = reconnect("sid=unknown", Map.of("X-AnyCable-Restore-SID", old), EXT);
      assertThat(again.receive().path("restored").asBoolean()).isTrue();
    }

    @Test
    void aSessionStillOpenCanBeRestoredFromItsLiveState() throws Exception {
      start(b -> b.broker("memory"));
      String old = sessionThatLeft(false);
      TestClient again = reconnect("sid=" + old, Map.of(), EXT);
      assertThat(again.receive().path("restored_ids")).extracting(JsonNode::asText).containsExactly(CHAT);
    }

    @Test
    void aSessionIsRestoredOnceThenItsSidIsUnknown() throws Exception {
      start(b -> b.broker("memory"));
      String old = sessionThatLeft(true);
      assertThat(reconnect("sid=" + old, Map.of(), EXT).receive().path("restored").asBoolean()).isTrue();
      JsonNode second = reconnect("sid=" + old, Map.of(), EXT).receive();
      assertThat(second.has("restored")).as("the second attempt connects as usual").isFalse();
      assertThat(h.rpc.history("Connect")).hasSize(2);
    }

    @Test
    void anUnknownSidTheBaseProtocolOrNoBrokerMeanAnOrdinaryConnect() throws Exception {
      start(b -> b.broker("memory"));
      String old = sessionThatLeft(true);
      assertThat(reconnect("sid=nope", Map.of(), EXT).receive().has("restored")).isFalse();
      assertThat(reconnect("sid=" + old, Map.of(), "actioncable-v1-json").receive().has("restored")).isFalse();
      assertThat(h.rpc.history("Connect")).hasSize(3);
      h.close();

      start(b -> b);
      String withoutBroker = sessionThatLeft(true);
      assertThat(reconnect("sid=" + withoutBroker, Map.of(), EXT).receive().has("restored")).isFalse();
    }
  }

  @Nested
  class Presence {
    String join(String pid, String info) {
      return "{\"command\":\"join\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
          + ",\"presence\":{\"id\":\"" + pid + "\",\"info\":" + info + "}}";
    }

    String leave(String pid) {
      return "{\"command\":\"leave\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
          + ",\"presence\":{\"id\":\"" + pid + "\"}}";
    }

    String info(boolean records) {
      return "{\"command\":\"presence\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
          + ",\"data\":{\"return_records\":" + records + "}}";
    }

    String event(String json) {
      return "{\"type\":\"presence\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":" + json + "}";
    }

    @Test
    void theFirstSessionOfAPresenceIdAnnouncesItsJoinAndTheLastItsLeave() {
      start(b -> b.broker("memory"));
      TestClient watcher = subscribed(EXT, CHAT);
      TestClient laptop = subscribed(EXT, CHAT);
      TestClient phone = subscribed(EXT, CHAT);
      laptop.send(join("alice", "{\"name\":\"Alice\"}"));
      String joined = event("{\"type\":\"join\",\"info\":{\"name\":\"Alice\"},\"id\":\"alice\"}");
      assertThat(watcher.receiveText(TestClient.WAIT, true)).isEqualTo(joined);
      assertThat(laptop.receiveText(TestClient.WAIT, true)).isEqualTo(joined);
      assertThat(phone.receiveText(TestClient.WAIT, true)).isEqualTo(joined); // seen by phone too
      phone.send(join("alice", "{\"name\":\"Alice\"}"));
      phone.send(info(false)); // answered after the join: the phone's join was applied
      assertThat(phone.receive().path("message").path("total").asInt()).isEqualTo(1);
      laptop.send(leave("alice"));
      watcher.expectSilence(SILENCE); // alice is still present through her phone
      phone.send(leave("alice"));
      assertThat(watcher.receiveText(TestClient.WAIT, true)).isEqualTo(event("{\"type\":\"leave\",\"id\":\"alice\"}"));
    }

    @Test
    void aPresenceRequestAnswersTheTotalAndOnRequestTheRecords() {
      start(b -> b.broker("memory"));
      TestClient alice = subscribed(EXT, CHAT);
      TestClient bob = subscribed(EXT, CHAT);
      alice.send(join("alice", "{\"name\":\"Alice\"}"));
      bob.receive();
      bob.send(join("bob", "\"Bob\""));
      assertThat(bob.receive().path("message").path("id").asText()).isEqualTo("bob");
      bob.send(info(true));
      assertThat(bob.receiveText(TestClient.WAIT, true))
          .isEqualTo(event("{\"type\":\"info\",\"total\":2,\"records\":[{\"id\":\"alice\",\"info\":{\"name\":\"Alice\"}},{\"id\":\"bob\",\"info\":\"Bob\"}]}"));
      bob.send(info(false));
      assertThat(bob.receiveText(TestClient.WAIT, true)).isEqualTo(event("{\"type\":\"info\",\"total\":2}"));
    }

    @Test
    void unsubscribingLeavesAtOnceAndADisconnectLeavesAfterThePresenceTtl() throws Exception {
      start(b -> b.broker("memory").presenceTtl(Duration.ZERO));
      TestClient watcher = subscribed(EXT, CHAT);
      TestClient alice = subscribed(EXT, CHAT);
      TestClient bob = subscribed(EXT, CHAT);
      alice.send(join("alice", "1"));
      watcher.receive();
      bob.send(join("bob", "2"));
      watcher.receive();
      alice.unsubscribe(CHAT);
      assertThat(watcher.receiveText(TestClient.WAIT, true)).isEqualTo(event("{\"type\":\"leave\",\"id\":\"alice\"}"));
      bob.close();
      assertThat(watcher.receiveText(TestClient.WAIT, true)).isEqualTo(event("{\"type\":\"leave\",\"id\":\"bob\"}"));
      watcher.send(info(false));
      assertThat(watcher.receive().path("message").path("total").asInt()).isZero();
    }

    @Test
    void aDisconnectedSessionStaysPresentDuringThePresenceTtl() {
      start(b -> b.broker("memory"));
      TestClient watcher = subscribed(EXT, CHAT);
      TestClient alice = subscribed(EXT, CHAT);
      alice.send(join("alice", "1"));
      watcher.receive();
      alice.close();
      watcher.expectSilence(SILENCE);
      watcher.send(info(false));
      assertThat(watcher.receive().path("message").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void withoutAPresenceStreamOrABrokerJoinsAreIgnoredAndRequestsGetAnError() {
      start(b -> b);
      TestClient client = subscribed(EXT, CHAT);
      client.send(join("alice", "1"));
      client.send(info(true));
      assertThat(client.receiveText(TestClient.WAIT, true)).isEqualTo(event("{\"type\":\"error\",\"total\":0}"));
      client.expectSilence(SILENCE);
    }

    @Test
    void aPresenceIdThatIsNotAStringIsAMalformedMessage() {
      start(b -> b.broker("memory"));
      TestClient client = subscribed(EXT, CHAT);
      client.send("{\"command\":\"join\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"presence\":{\"id\":42}}");
      assertThat(client.awaitClosed().code()).isEqualTo(1007);
    }
  }

  @Nested
  class PongTimeout {
    void startPinging() {
      start(b -> b.pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(400)));
    }

    @Test
    void aClientThatNeverAnswersPingsIsDisconnectedWithNoPong() {
      startPinging();
      TestClient silent = connect(EXT);
      String last = null;
      for (int i = 0; i < 100 && (last == null || !last.contains("disconnect")); i++) {
        last = silent.receiveText(TestClient.WAIT, false);
      }
      assertThat(last).isEqualTo("{\"type\":\"disconnect\",\"reason\":\"no_pong\",\"reconnect\":true}");
      var closed = silent.awaitClosed();
      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("No Pong");
    }

    @Test
    void aClientThatAnswersEveryPingStaysConnected() {
      startPinging();
      TestClient polite = connect(EXT);
      for (int pings = 0; pings < 10; ) {
        String frame = polite.receiveText(TestClient.WAIT, false);
        assertThat(frame).doesNotContain("disconnect");
        if (frame.startsWith("{\"type\":\"ping\"")) {
          polite.send("{\"command\":\"pong\"}");
          pings++;
        }
      }
    }

    @Test
    void theBaseProtocolHasNoPongTimeout() {
      startPinging();
      TestClient plain = connect("actioncable-v1-json");
      for (int pings = 0; pings < 10; pings++) {
        assertThat(plain.receiveText(TestClient.WAIT, false)).startsWith("{\"type\":\"ping\"");
      }
    }
  }

  @Test
  void withoutABrokerMessagesHaveNoPositionAndHistoryIsRejected() {
    start(b -> b);
    TestClient client = subscribed(EXT, CHAT);
    h.server.broadcast("room-1", "1");
    assertThat(client.receive().has("offset")).isFalse();
    client.send(history(CHAT, "{\"since\":1}"));
    assertThat(client.receive().toString())
        .isEqualTo("{\"type\":\"reject_history\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + "}");
  }

  @Test
  void aWhisperReachesTheOtherClientsOfTheWhisperStreamButNotTheSender() {
    start(b -> b.broker("memory"));
    TestClient alice = subscribed(EXT, CHAT);
    TestClient bob = subscribed(EXT, CHAT);
    TestClient elsewhere = subscribed(EXT, OTHER);
    alice.send("{\"command\":\"whisper\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT)
        + ",\"data\":{\"event\":\"typing\",\"name\":\"alice\"}}");
    JsonNode got = bob.receive();
    assertThat(got.path("identifier").asText()).isEqualTo(CHAT);
    assertThat(got.path("message").path("event").asText()).isEqualTo("typing");
    assertThat(got.has("offset")).as("whispers are transient").isFalse();
    alice.expectSilence(SILENCE);
    elsewhere.expectSilence(SILENCE);
    assertThat(h.rpc.history("Command")).extracting(c -> c.command().getCommand()).doesNotContain("message", "whisper");
  }

  @Test
  void aWhisperWithoutAWhisperStreamIsIgnored() {
    start(b -> b);
    h.rpc.onCommand(
        c ->
            CommandResponse.newBuilder()
                .setStatus(Status.SUCCESS)
                .addStreams("room-1")
                .addTransmissions(confirm(c.command().getIdentifier()))
                .build());
    TestClient alice = subscribed(EXT, CHAT);
    TestClient bob = subscribed(EXT, CHAT);
    alice.send("{\"command\":\"whisper\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"data\":\"hi\"}");
    bob.expectSilence(SILENCE);
    alice.send("{\"command\":\"ping\"}");
    assertThat(alice.receive().path("type").asText()).as("the connection is still served").isEqualTo("pong");
  }

  @Test
  void aPongCommandIsAccepted() {
    start(b -> b);
    TestClient client = subscribed(EXT, CHAT);
    client.send("{\"command\":\"pong\"}");
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
  }

  static List<JsonNode> receive(TestClient client, int count) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(client.receive());
    }
    return out;
  }
}
