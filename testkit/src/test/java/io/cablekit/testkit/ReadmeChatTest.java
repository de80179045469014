package io.cablekit.testkit;

import static io.cablekit.mock.Replies.broadcast;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.MockRpc;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The testkit example of the README, verbatim (checked by ReadmeSnippetsTest). */
@CableTest
class ReadmeChatTest {
  @Test
  void speakerHearsOwnMessage(MockRpc rpc, CableClients clients) {
    rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));
    rpc.onPerform("ChatChannel", "speak").reply(broadcast("chat_{{params.room}}", data -> data));

    CableClient alice = clients.connect();
    Subscription chat = alice.subscribe("ChatChannel", Map.of("room", 1)).awaitConfirmed();
    chat.perform("speak", Map.of("text", "hi"));

    assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
    assertThat(chat).hasStream("chat_1");
  }
}
