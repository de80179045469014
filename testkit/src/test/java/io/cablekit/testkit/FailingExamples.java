package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.Replies;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deliberately failing tests, run by {@link FailureMessagesTest} through the JUnit engine to pin
 * their messages. The name does not end in "Test", so the build does not run them directly.
 */
@CableTest
class FailingExamples {
  static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void messageThatNeverArrives(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_42"));
    Subscription chat = cable.connect().subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();
    cable.broadcast("chat_42", Map.of("text", "ho"));
    cable.broadcast("chat_42", "{\"text\":\"hey\",\"user\":\"bob\"}");
    chat.awaitMessage(Messages.json("{\"text\":\"hey\"}"), Duration.ofSeconds(2));

    assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(SHORT);
  }

  @Test
  void broadcastOnTheWrongStream(TestCable cable) {
    cable.broadcast("chat_24", Map.of("text", "hi"));

    assertThat(cable).broadcastsOn("chat_42").includes(json("{\"text\":\"hi\"}"));
  }

  @Test
  void unstubbedPerform(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm());
    cable.rpc().onPerform("ChatChannel", "speak").withData(Map.of("text", "hi")).reply(Replies.ok());
    Subscription chat = cable.connect().subscribe("ChatChannel").awaitConfirmed();
    chat.perform("speak", Map.of("text", "hello"));
    chat.client().sync();
  }

  @Test
  void broadcastToAStreamTheSubscriptionDoesNotListenTo(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("room_42"));
    Subscription chat = cable.connect().subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();
    cable.broadcast("chat_42", Map.of("text", "hi"));

    assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(SHORT);
  }

  @Test
  void rpcServerDownAtConnect(TestCable cable) {
    cable.rpc().close();
    cable.connect();
  }

  @Test
  void receivesWithoutWithin(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm());
    Subscription chat = cable.connect().subscribe("ChatChannel").awaitConfirmed();

    assertThat(chat).receives(json("{\"text\":\"hi\"}"));
  }

  @Test
  void subscriptionNeverConfirmed(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().withoutConfirmation());
    Subscription chat = cable.connect().subscribe("ChatChannel");

    chat.awaitConfirmed(SHORT);
  }
}
