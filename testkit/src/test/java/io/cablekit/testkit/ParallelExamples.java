package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.Replies;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Fifty tests that use the same channel, stream and identifiers, run concurrently by {@link
 * ParallelTest}: each has its own server and mock, so none sees another's broadcasts, stubs or
 * calls.
 */
@CableTest
@Execution(ExecutionMode.CONCURRENT)
class ParallelExamples {
  @RepeatedTest(50)
  void eachTestSeesOnlyItsOwnTraffic(TestCable cable, RepetitionInfo repetition) {
    int n = repetition.getCurrentRepetition();
    cable.rpc().onConnect().reply(Replies.accept(Map.of("user", "42")));
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_1"));
    cable.rpc().onPerform("ChatChannel", "speak").reply(Replies.broadcast("chat_1", data -> data));

    Subscription chat = cable.connect().subscribe("ChatChannel", Map.of("room", "1")).awaitConfirmed();
    chat.perform("speak", Map.of("n", n));

    assertThat(chat).receives(json(Map.of("n", n))).within(Duration.ofSeconds(10));
    assertThat(cable).broadcastsOn("chat_1").hasCount(1);
    assertThat(chat.messages()).hasSize(1);
    assertThat(cable.rpc().calls()).hasSize(3);
  }
}
