package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.Replies;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis broadcasting and a two-node cluster on an embedded Redis, run by the testkit. */
class RedisModeTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void broadcastsThroughRedisPubSubReachTheClient() {
    try (TestCable cable = TestCable.builder().broadcasting(Broadcasting.REDIS).start()) {
      cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat"));
      Subscription chat = cable.connect().subscribe("ChatChannel").awaitConfirmed();
      cable.broadcast("chat", Map.of("text", "via redis"));
      assertThat(chat).receives(json("{\"text\":\"via redis\"}")).within(WAIT);
      assertThat(cable.server().journal().broadcasts("chat").get(0).source()).isEqualTo("redis");
    }
  }

  @Test
  void broadcastsThroughRedisStreamsReachTheClient() {
    try (TestCable cable = TestCable.builder().broadcasting(Broadcasting.REDISX).start()) {
      cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat"));
      Subscription chat = cable.connect().subscribe("ChatChannel").awaitConfirmed();
      cable.broadcast("chat", Map.of("text", "via redisx"));
      assertThat(chat).receives(json("{\"text\":\"via redisx\"}")).within(WAIT);
    }
  }

  @Test
  void aTwoNodeClusterDeliversToClientsOnEitherNode() {
    try (TestCable cable = TestCable.builder().nodes(2).start()) {
      cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat"));
      cable.rpc().onPerform("ChatChannel", "speak").reply(Replies.broadcast("chat", data -> data));
      Subscription onFirst = cable.connectTo(0).subscribe("ChatChannel").awaitConfirmed();
      Subscription onSecond = cable.connectTo(1).subscribe("ChatChannel").awaitConfirmed();
      onSecond.perform("speak", Map.of("text", "across nodes"));
      assertThat(onFirst).receives(json("{\"text\":\"across nodes\"}")).within(WAIT);
      assertThat(onSecond).receives(json("{\"text\":\"across nodes\"}")).within(WAIT);
      assertThat(onFirst).receivesNothing().during(Duration.ofMillis(300));
      assertThat(onFirst.messages()).hasSize(1);
      assertThat(onSecond.messages()).hasSize(1);
    }
  }
}
