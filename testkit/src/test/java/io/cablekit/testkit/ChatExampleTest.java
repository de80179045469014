package io.cablekit.testkit;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.mock.Replies.reject;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.Count;
import io.cablekit.mock.Matchers;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.Replies;
import io.cablekit.mock.RequestPattern;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every assertion of the testkit, used the way the README shows. */
@CableTest
class ChatExampleTest {
  static final Duration WAIT = Duration.ofSeconds(2);

  @Test
  void speakerAndListenersHearTheMessage(MockRpc rpc, CableClients clients) {
    rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));
    rpc.onPerform("ChatChannel", "speak").reply(Replies.broadcast("chat_{{params.room}}", data -> data));

    CableClient alice = clients.connect();
    CableClient bob = clients.connect();
    Subscription aliceChat = alice.subscribe("ChatChannel", Map.of("room", "1")).awaitConfirmed();
    Subscription bobChat = bob.subscribe("ChatChannel", Map.of("room", "1")).awaitConfirmed();
    aliceChat.perform("speak", Map.of("text", "hi"));

    assertThat(aliceChat).receives(json("{\"text\":\"hi\"}")).within(WAIT);
    assertThat(bobChat).receivesBroadcast(json(Map.of("text", "hi", "action", "speak"))).within(WAIT);
  }

  @Test
  void subscriptionHoldsItsStreamsAndState(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}").istate("room", "{{params.room}}"));
    Subscription chat = cable.connect().subscribe("ChatChannel", Map.of("room", "7"));

    assertThat(chat).isConfirmed().hasStream("chat_7").hasStreams("chat_7").hasIstate("room", "7");
    assertThat(chat).lastReply().hasStatus("SUCCESS").addsStream("chat_7").addsIstate("room", "7");
  }

  @Test
  void rejectedSubscriptionHasNoStreams(TestCable cable) {
    cable.rpc().onSubscribe("AdminChannel").reply(reject());
    Subscription admin = cable.connect().subscribe("AdminChannel");

    assertThat(admin).isRejected().hasNoStreams();
  }

  @Test
  void rejectedConnectionShowsItsReason(TestCable cable) {
    cable.rpc().onConnect().reply(reject());
    CableClient guest = cable.clients().connecting(ConnectOptions.defaults());

    assertThat(guest).isRejectedWith("unauthorized");
  }

  @Test
  void transmissionsGoToOneSocketOnly(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm().streamFrom("chat"));
    cable.rpc().onPerform("ChatChannel", "whoami").reply(Replies.transmit(Map.of("you", "{{sid}}")));
    Subscription alice = cable.connect().subscribe("ChatChannel").awaitConfirmed();
    Subscription bob = cable.connect().subscribe("ChatChannel").awaitConfirmed();
    alice.perform("whoami");

    assertThat(alice).receivesTransmission(json(Map.of("you", Matchers.present()))).within(WAIT);
    assertThat(bob).receivesNothing().during(Duration.ofMillis(200));
  }

  @Test
  void broadcastsAreJournaledPerStream(TestCable cable) {
    cable.broadcast("news", Map.of("headline", "CableKit ships"));

    assertThat(cable).broadcastsOn("news").hasCount(1).includes(json("{\"headline\":\"CableKit ships\"}"));
    assertThat(cable).broadcastsOn("sports").isEmpty();
    assertThat(cable.captureBroadcasts("news", () -> cable.broadcast("news", "\"more\""))).hasSize(1);
  }

  @Test
  void connectionIdentifiersAndStateComeFromConnect(TestCable cable) {
    cable.rpc().onConnect().withCookie("uid", Matchers.present())
        .reply(accept(Map.of("user", "{{cookies.uid}}")).cstate("locale", "en"));
    CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "42"));

    assertThat(alice).hasIdentifiers(Map.of("user", "42")).hasCstate("locale", "en");
    assertThat(alice).lastReply().addsCstate("locale", "en");
  }

  @Test
  void stateDiffsOfEachReplyAreVisible(TestCable cable) {
    cable.rpc().onConnect().reply(accept().cstate("locale", "en").cstate("theme", "dark"));
    cable.rpc().onSubscribe("Prefs").reply(confirm());
    cable.rpc().onPerform("Prefs", "change").reply(Replies.ok().cstate("locale", "fr").removeCstate("theme"));
    CableClient alice = cable.connect();
    alice.subscribe("Prefs").awaitConfirmed().perform("change");

    assertThat(cable).receivedWithin(WAIT, Count.once(), RequestPattern.perform("Prefs", "change"));
    assertThat(alice).lastReply().changesCstate("locale", "fr").removesCstate("theme");
    assertThat(alice).hasCstate("locale", "fr").hasNoCstate("theme");
  }

  @Test
  void rpcCallsCanBeVerified(TestCable cable) {
    cable.rpc().onSubscribe("ChatChannel").reply(confirm());
    cable.connect().subscribe("ChatChannel", Map.of("room", "1")).awaitConfirmed();

    assertThat(cable).received(Count.once(), RequestPattern.subscribe("ChatChannel").withParams(Map.of("room", "1")));
    assertThat(cable).received(Count.never(), RequestPattern.perform("ChatChannel", "speak"));
  }
}
