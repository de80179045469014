package io.cablekit.samples.notifier;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.assertThatThrownBy;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server with a broadcast key ({@code --broadcast_key=k3y}): {@code @CableTest} cannot set it, so
 * this test starts its cable itself.
 */
class BroadcastKeyTest {
  @AutoClose TestCable cable = TestCable.builder().config(b -> b.broadcastKey("k3y")).start();
  URI broadcastUrl = cable.server().broadcastUrl().orElseThrow();

  @BeforeEach
  void stubTheOrdersChannel() {
    cable.rpc().onConnect().reply(accept(Map.of("user", "{{cookies.uid}}")));
    cable.rpc().onSubscribe("OrdersChannel").reply(confirm().streamFrom("orders_{{identifiers.user}}"));
  }

  @Test
  void serviceSendsTheBroadcastKeyAsBearerToken() throws Exception {
    Subscription orders = cable.connect(ConnectOptions.defaults().cookie("uid", "42")).subscribe("OrdersChannel").awaitConfirmed();

    new OrderNotifier(new AnyCableBroadcaster(broadcastUrl, "k3y")).shipped("42", "A-1001");

    assertThat(orders).receivesBroadcast(json(Map.of("order", "A-1001", "status", "shipped"))).within(Duration.ofSeconds(2));
  }

  @Test
  void broadcastWithAWrongKeyIsRefused() {
    OrderNotifier notifier = new OrderNotifier(new AnyCableBroadcaster(broadcastUrl, "wrong"));

    assertThatThrownBy(() -> notifier.shipped("42", "A-1001")).isInstanceOf(IOException.class).hasMessageContaining("HTTP 401");
    assertThat(cable).broadcastsOn("orders_42").isEmpty();
  }
}
