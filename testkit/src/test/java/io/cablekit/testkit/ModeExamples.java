package io.cablekit.testkit;

import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.assertThatThrownBy;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.MockRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Test classes run by {@link ModesTest} through the JUnit engine (not directly by the build). */
class ModeExamples {
  @CableTest
  static class Contract {
    @Test
    void subscribesThroughTheApplicationsRpcServer(TestCable cable) {
      assertThat(cable.contractMode()).isTrue();
      Subscription orders = cable.connect().subscribe("OrdersChannel").awaitConfirmed();
      cable.broadcast("orders", Map.of("id", 1));
      assertThat(orders).receives(json("{\"id\":1}")).within(Duration.ofSeconds(2));
    }

    @Test
    void hasNoMock(TestCable cable) {
      assertThatThrownBy(cable::rpc).isInstanceOf(IllegalStateException.class).hasMessageContaining("contract mode");
    }
  }

  @CableTest(broadcasting = Broadcasting.HTTP)
  static class HttpBroadcasts {
    @Test
    void stubBroadcastsAndTestBroadcastsGoOverHttp(MockRpc rpc, TestCable cable) {
      rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat").broadcast("chat", Map.of("joined", true)));
      Subscription chat = cable.connect().subscribe("ChatChannel").awaitConfirmed();
      cable.broadcast("chat", Map.of("text", "hi"));
      assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
      assertThat(cable.server().journal().broadcasts("chat")).allMatch(p -> p.source().equals("http"));
    }
  }

  @CableTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Lifecycle {
    static final List<Integer> ports = new ArrayList<>();
    @Cable static TestCable shared;
    @Cable TestCable own;

    @Test
    @Order(1)
    void first() {
      ports.add(shared.server().port());
      ports.add(own.server().port());
    }

    @Test
    @Order(2)
    void second() {
      ports.add(shared.server().port());
      ports.add(own.server().port());
    }
  }
}
