package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extended protocol through the testkit: options, whisper, history and presence. */
@CableTest(options = {"--broker=memory", "--presence_ttl=0"})
class ExtendedProtocolTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final ConnectOptions EXT = ConnectOptions.defaults().protocols("actioncable-v1-ext-json");

  static Subscription chat(TestCable cable) {
    return cable.connect(EXT).subscribe("ChatChannel", Map.of("room", "1")).awaitConfirmed();
  }

  static void stubChat(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel")
        .reply(confirm().streamFrom("chat_{{params.room}}").istate("$w", "chat_{{params.room}}").istate("$p", "chat_{{params.room}}"));
  }

  @Test
  void whispersReachTheOthersButNotTheSender(TestCable cable) {
    stubChat(cable);
    Subscription alice = chat(cable);
    Subscription bob = chat(cable);
    alice.whisper(Map.of("typing", true));

    assertThat(bob).receivesBroadcast(json("{\"typing\":true}")).within(WAIT);
    assertThat(alice).receivesNothing().during(Duration.ofMillis(200));
  }

  @Test
  void historyReplaysWhatTheBrokerKept(TestCable cable) {
    stubChat(cable);
    Instant before = Instant.now().minusSeconds(1);
    Subscription early = chat(cable);
    cable.broadcast("chat_1", Map.of("n", 1));
    cable.broadcast("chat_1", Map.of("n", 2));
    assertThat(early).receives(json("{\"n\":2}")).within(WAIT);

    Subscription late = chat(cable);
    List<Frame> replayed = late.requestHistorySince(before).awaitConfirmed(WAIT);
    org.assertj.core.api.Assertions.assertThat(replayed)
        .extracting(f -> f.json().path("message").path("n").asInt())
        .containsExactly(1, 2);
    String epoch = replayed.get(0).json().path("epoch").asText();
    org.assertj.core.api.Assertions.assertThat(late.requestHistoryAfter("chat_1", epoch, 1).awaitConfirmed(WAIT))
        .extracting(f -> f.json().path("offset").asLong())
        .containsExactly(2L);
    late.requestHistoryAfter("chat_1", "other-epoch", 1).awaitRejected(WAIT);
    assertThatThrownBy(() -> late.requestHistoryAfter("chat_1", "other-epoch", 1).awaitConfirmed(WAIT))
        .hasMessageContaining("to be confirmed, but it was rejected");
  }

  @Test
  void presenceJoinsAndLeavesAreBroadcastToThePresenceStream(TestCable cable) {
    stubChat(cable);
    Subscription watcher = chat(cable);
    Subscription alice = chat(cable);
    alice.joinPresence("alice", Map.of("name", "Alice"));
    assertThat(watcher).receives(json("{\"type\":\"join\",\"id\":\"alice\",\"info\":{\"name\":\"Alice\"}}")).within(WAIT);
    alice.leavePresence("alice");
    assertThat(watcher).receives(json("{\"type\":\"leave\",\"id\":\"alice\"}")).within(WAIT);
  }
}
