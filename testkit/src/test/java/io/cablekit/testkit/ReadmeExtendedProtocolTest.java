package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extended-protocol example of the README, verbatim (checked by ReadmeSnippetsTest). */
@CableTest(options = "--broker=memory")
class ReadmeExtendedProtocolTest {
  static final ConnectOptions EXT = ConnectOptions.defaults().protocols("actioncable-v1-ext-json");

  @Test
  void typingIndicatorsAndMissedMessages(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel")
        .reply(confirm().streamFrom("chat_{{params.room}}").istate("$w", "chat_{{params.room}}"));
    Subscription alice = cable.connect(EXT).subscribe("ChatChannel", Map.of("room", 1)).awaitConfirmed();
    Subscription bob = cable.connect(EXT).subscribe("ChatChannel", Map.of("room", 1)).awaitConfirmed();

    alice.whisper(Map.of("typing", true));
    assertThat(bob).receivesBroadcast(json("{\"typing\":true}")).within(Duration.ofSeconds(2));

    cable.broadcast("chat_1", Map.of("text", "hi"));
    assertThat(bob).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
    List<Frame> kept = bob.requestHistorySince(Instant.now().minusSeconds(60)).awaitConfirmed(Duration.ofSeconds(2));
    assertThat(kept).extracting(f -> f.json().path("message").path("text").asText()).containsExactly("hi");
  }
}
