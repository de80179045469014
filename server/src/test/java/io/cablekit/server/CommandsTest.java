package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static io.cablekit.server.support.TestRpcServer.reject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 2.3 and 2.4: commands, pre-checks and the order replies are applied in. */
class CommandsTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final Duration T = Duration.ofSeconds(3);
  Harness h;

  @BeforeEach
  void start() {
    h = Harness.start();
    h.rpc.onCommand(
        call ->
            switch (call.command().getCommand()) {
              case "subscribe" ->
                  CommandResponse.newBuilder()
                      .setStatus(Status.SUCCESS)
                      .addStreams("chat_42")
                      .addTransmissions(confirm(call.command().getIdentifier()))
                      .build();
              default -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).build();
            });
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void subscribeSendsIdentifierConnectionIdentifiersAndNoData() throws Exception {
    TestClient client = h.connectWelcomed();
    client.send("{\"command\":\"subscribe\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"data\":\"ignored\"}");
    var cmd = h.rpc.take("Command", T).command();
    assertThat(cmd.getCommand()).isEqualTo("subscribe");
    assertThat(cmd.getIdentifier()).isEqualTo(CHAT);
    assertThat(cmd.getConnectionIdentifiers()).isEqualTo("{}");
    assertThat(cmd.getData()).isEmpty();
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
  }

  @Test
  void duplicateSubscribeIsIgnoredWithoutAnRpcCall() throws Exception {
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    client.receive();
    client.subscribe(CHAT);
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
    assertThat(h.rpc.history("Command")).hasSize(1);
  }

  @Test
  void performAndUnsubscribeForAnUnknownIdentifierAreIgnoredWithoutRpc() throws Exception {
    TestClient client = h.connectWelcomed();
    client.perform(CHAT, "{\"action\":\"speak\"}");
    client.unsubscribe(CHAT);
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
    assertThat(h.rpc.history("Command")).isEmpty();
  }

  @Test
  void performWithNonStringDataIsIgnoredAndTheConnectionStaysUsable() throws Exception {
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    client.receive();
    client.send("{\"command\":\"message\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"data\":{\"action\":\"speak\"}}");
    client.perform(CHAT, "{\"action\":\"speak\"}");
    var cmd = h.rpc.take("Command", T);
    cmd = h.rpc.take("Command", T);
    assertThat(cmd.command().getCommand()).isEqualTo("message");
    assertThat(cmd.command().getData()).isEqualTo("{\"action\":\"speak\"}");
    assertThat(h.rpc.history("Command")).hasSize(2);
  }

  @Test
  void rejectedSubscribeIsNotAddedSoASecondSubscribeCallsRpcAgain() throws Exception {
    h.rpc.onCommand(
        call ->
            CommandResponse.newBuilder()
                .setStatus(Status.FAILURE)
                .setStopStreams(true)
                .addTransmissions(reject(call.command().getIdentifier()))
                .build());
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    assertThat(client.receive().path("type").asText()).isEqualTo("reject_subscription");
    client.subscribe(CHAT);
    assertThat(client.receive().path("type").asText()).isEqualTo("reject_subscription");
    assertThat(h.server.sessions().get(0).subscriptions()).isEmpty();
  }

  @Test
  void subscribeErrorSendsNothingAndKeepsNoSubscription() throws Exception {
    h.rpc.onCommand(
        call -> CommandResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg("Channel not found").build());
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    h.rpc.take("Command", T);
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
    assertThat(h.server.sessions().get(0).subscriptions()).isEmpty();
  }

  @Test
  void transmissionsFromSubscribedCallbackPrecedeTheConfirmInOrder() throws Exception {
    h.rpc.onCommand(
        call -> {
          String id = call.command().getIdentifier();
          return CommandResponse.newBuilder()
              .setStatus(Status.SUCCESS)
              .addTransmissions("{\"identifier\":" + io.cablekit.protocol.Json.quote(id) + ",\"message\":\"hello\"}")
              .addTransmissions("{\"identifier\":" + io.cablekit.protocol.Json.quote(id) + ",\"message\":\"world\"}")
              .addTransmissions(confirm(id))
              .build();
        });
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    assertThat(client.receive().path("message").asText()).isEqualTo("hello");
    assertThat(client.receive().path("message").asText()).isEqualTo("world");
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
  }

  @Test
  void transmissionsAreForwardedByteForByte() throws Exception {
    String odd = "{ \"identifier\" : \"x\",  \"message\":{\"b\":2,\"a\":1}, \"extra\":[1,2] }";
    h.rpc.onCommand(c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(odd).build());
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    assertThat(client.receiveText(T, true)).isEqualTo(odd);
  }

  @Test
  void stopStreamsAppliesBeforeNewStreamsSoTheReplyCanSwitchStreams() throws Exception {
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    client.receive();
    h.rpc.onCommand(
        c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).setStopStreams(true).addStreams("room_2").build());
    client.perform(CHAT, "{\"action\":\"switch\"}");
    awaitCommandReplies(2);
    assertStreams(CHAT, List.of("room_2"));
    h.server.broadcast("chat_42", "\"old\"");
    h.server.broadcast("room_2", "\"new\"");
    JsonNode msg = client.receive();
    assertThat(msg.path("message").asText()).isEqualTo("new");
  }

  @Test
  void stoppedStreamsRemoveOnlyThoseStreamsAndAreIgnoredWhenStopStreamsIsSet() throws Exception {
    h.rpc.onCommand(
        c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).addStreams("a").addStreams("b").addStreams("c").build());
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    awaitCommandReplies(1);
    assertStreams(CHAT, List.of("a", "b", "c"));
    h.rpc.onCommand(c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).addStoppedStreams("b").build());
    client.perform(CHAT, "{\"action\":\"x\"}");
    awaitCommandReplies(2);
    assertStreams(CHAT, List.of("a", "c"));
  }

  @Test
  void unsubscribeStopsAllStreamsAndDropsTheChannelState() throws Exception {
    h.rpc.onCommand(
        c ->
            CommandResponse.newBuilder()
                .setStatus(Status.SUCCESS)
                .addStreams("a")
                .setEnv(EnvResponse.newBuilder().putIstate("count", "1"))
                .addTransmissions(confirm(c.command().getIdentifier()))
                .build());
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    client.receive();
    h.rpc.onCommand(c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).build());
    client.unsubscribe(CHAT);
    var unsub = h.rpc.take("Command", T);
    unsub = h.rpc.take("Command", T);
    assertThat(unsub.command().getCommand()).isEqualTo("unsubscribe");
    assertThat(unsub.command().getEnv().getIstateMap()).containsEntry("count", "1");
    client.send("{\"command\":\"ping\"}");
    client.receive();
    SessionInfo info = h.server.sessions().get(0);
    assertThat(info.subscriptions()).isEmpty();
    assertThat(h.server.subscribers("a")).isEmpty();
    h.server.broadcast("a", "\"late\"");
    client.expectSilence(Duration.ofMillis(300));
  }

  @Test
  void disconnectInReplyClosesWith1006AfterTheTransmissions() throws Exception {
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    client.receive();
    h.rpc.onCommand(
        c ->
            CommandResponse.newBuilder()
                .setStatus(Status.SUCCESS)
                .setDisconnect(true)
                .addTransmissions("{\"identifier\":\"x\",\"message\":\"bye\"}")
                .build());
    client.perform(CHAT, "{\"action\":\"leave\"}");
    assertThat(client.receive().path("message").asText()).isEqualTo("bye");
    var closed = client.awaitClosed();
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.reason()).isEqualTo("Command Failed");
  }

  @Test
  void commandsFromOneConnectionAreProcessedStrictlyInOrder() throws Exception {
    List<String> seen = new ArrayList<>();
    h.rpc.onCommand(
        c -> {
          synchronized (seen) {
            seen.add(c.command().getCommand() + ":" + c.command().getData());
          }
          return CommandResponse.newBuilder()
              .setStatus(Status.SUCCESS)
              .addTransmissions("{\"n\":" + seen.size() + "}")
              .build();
        });
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    for (int i = 0; i < 20; i++) {
      client.perform(CHAT, "{\"i\":" + i + "}");
    }
    for (int i = 1; i <= 21; i++) {
      assertThat(client.receive().path("n").asInt()).isEqualTo(i);
    }
    assertThat(seen).hasSize(21);
    for (int i = 0; i < 20; i++) {
      assertThat(seen.get(i + 1)).isEqualTo("message:{\"i\":" + i + "}");
    }
  }

  @Test
  void framesSentBeforeConnectCompletesAreHandledAfterIt() throws Exception {
    var connectGate = new java.util.concurrent.CountDownLatch(1);
    h.rpc.onConnect(
        c -> {
          try {
            connectGate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return TestRpcServer.welcome(c);
        });
    TestClient client = h.connect();
    client.subscribe(CHAT);
    h.rpc.take("Connect", T);
    assertThat(h.rpc.poll(Duration.ofMillis(200))).isNull();
    connectGate.countDown();
    assertThat(client.receive().path("type").asText()).isEqualTo("welcome");
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
  }

  /** Waits until {@code n} Command replies were applied (the journal records after applying). */
  private void awaitCommandReplies(int n) throws InterruptedException {
    assertThat(h.server.journal().awaitCount(JournalEvent.RpcReply.class, r -> r.method().equals("command"), n, T))
        .hasSizeGreaterThanOrEqualTo(n);
  }

  private void assertStreams(String identifier, List<String> expected) {
    SessionInfo.SubscriptionInfo sub = h.server.sessions().get(0).subscription(identifier);
    assertThat(sub == null ? List.of() : sub.streams()).isEqualTo(expected);
  }
}
