package io.cablekit.samples.contract;

import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.CableTest;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the chat front end relies on from the application's RPC server. Runs against whatever RPC
 * server {@code cablekit.rpc_host} (or {@code CABLEKIT_RPC_HOST}) names, e.g. in CI:
 *
 * <pre>
 * CABLEKIT_RPC_HOST=localhost:50051 bin/test -pl samples/contract-test -am -Dtest=ChatContract -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Not picked up by the build on its own (no {@code Test} suffix): {@link ChatContractTest} runs
 * it against {@link ChatApp}.
 */
@CableTest
class ChatContract {
  static final Duration WAIT = Duration.ofSeconds(2);

  @BeforeEach
  void needsAnApplication(TestCable cable) {
    assumeTrue(cable.contractMode(), "set cablekit.rpc_host or CABLEKIT_RPC_HOST to the application's RPC server");
  }

  @Test
  void userWithUidCookieIsIdentifiedByIt(TestCable cable) {
    CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "alice"));

    assertThat(alice).hasIdentifiers(Map.of("user", "alice"));
  }

  @Test
  void visitorWithoutUidCookieIsRejected(TestCable cable) {
    CableClient visitor = cable.clients().connecting(ConnectOptions.defaults());

    assertThat(visitor).isRejectedWith("unauthorized");
  }

  @Test
  void roomSubscriptionStreamsTheRoomAndKeepsItInChannelState(TestCable cable) {
    Subscription room = alice(cable).subscribe("ChatChannel", Map.of("room", "42"));

    assertThat(room).isConfirmed().hasStreams("chat_42");
    assertThat(room).lastReply().setsIstate("room", "42");
  }

  @Test
  void subscriptionWithoutRoomIsRejected(TestCable cable) {
    Subscription nowhere = alice(cable).subscribe("ChatChannel");

    assertThat(nowhere).isRejected().hasNoStreams();
  }

  @Test
  void awayAndBackSetAndClearTheStatus(TestCable cable) {
    Subscription room = alice(cable).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();

    room.perform("away");
    assertThat(room).receivesTransmission(json(Map.of("status", "away", "room", "42"))).within(WAIT);
    assertThat(room).lastReply().setsIstate("status", "away");

    room.perform("back");
    assertThat(room).lastReply().removesIstate("status");
    assertThat(room).hasNoIstate("status").hasIstate("room", "42");
  }

  @Test
  void broadcastsToTheRoomReachItsSubscribers(TestCable cable) {
    Subscription room = alice(cable).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();

    cable.broadcast("chat_42", Map.of("text", "hi", "from", "bob"));

    assertThat(room).receivesBroadcast(json(Map.of("text", "hi", "from", "bob"))).within(WAIT);
  }

  private static CableClient alice(TestCable cable) {
    return cable.connect(ConnectOptions.defaults().cookie("uid", "alice"));
  }
}
