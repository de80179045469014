package io.cablekit.samples.notifier;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.Matchers;
import io.cablekit.mock.MockRpc;
import io.cablekit.server.JournalEvent;
import io.cablekit.testkit.CableTest;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service broadcasts over HTTP, as in production; a browser-like client receives it. */
@CableTest
class OrderNotifierTest {
  static final Duration WAIT = Duration.ofSeconds(2);

  @BeforeEach
  void stubTheOrdersChannel(MockRpc rpc) {
    rpc.onConnect().withCookie("uid", Matchers.present()).reply(accept(Map.of("user", "{{cookies.uid}}")));
    rpc.onSubscribe("OrdersChannel").reply(confirm().streamFrom("orders_{{identifiers.user}}"));
  }

  @Test
  void customerReceivesTheUpdateTheServiceBroadcasts(TestCable cable) throws Exception {
    Subscription orders = cable.connect(ConnectOptions.defaults().cookie("uid", "42")).subscribe("OrdersChannel").awaitConfirmed();
    AnyCableBroadcaster broadcaster = new AnyCableBroadcaster(cable.server().broadcastUrl().orElseThrow(), null);

    new OrderNotifier(broadcaster).shipped("42", "A-1001");

    assertThat(orders).receivesBroadcast(json(Map.of("order", "A-1001", "status", "shipped"))).within(WAIT);
    assertThat(cable).broadcastsOn("orders_42").hasCount(1).includes(json("{\"order\":\"A-1001\"}"));
    assertThat(cable.server().journal().broadcasts("orders_42")).extracting(JournalEvent.Published::source).containsExactly("http");
  }

  @Test
  void otherCustomersDoNotReceiveIt(TestCable cable) throws Exception {
    Subscription someoneElse = cable.connect(ConnectOptions.defaults().cookie("uid", "7")).subscribe("OrdersChannel").awaitConfirmed();
    AnyCableBroadcaster broadcaster = new AnyCableBroadcaster(cable.server().broadcastUrl().orElseThrow(), null);

    new OrderNotifier(broadcaster).shipped("42", "A-1001");

    assertThat(cable).broadcastsOn("orders_42").hasCount(1);
    assertThat(someoneElse).hasStream("orders_7").receivesNothing().during(Duration.ofMillis(200));
  }
}
