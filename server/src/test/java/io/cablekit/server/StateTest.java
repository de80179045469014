package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 2.5, 2.6: connection and channel state deltas, and what Disconnect carries. */
class StateTest {
  static final String A = "{\"channel\":\"A\"}";
  static final String B = "{\"channel\":\"B\"}";
  static final Duration T = Duration.ofSeconds(3);
  Harness h;

  @BeforeEach
  void start() {
    h = Harness.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static CommandResponse reply(Map<String, String> cstate, Map<String, String> istate, String confirmId) {
    CommandResponse.Builder b =
        CommandResponse.newBuilder()
            .setStatus(Status.SUCCESS)
            .setEnv(EnvResponse.newBuilder().putAllCstate(cstate).putAllIstate(istate));
    if (confirmId != null) {
      b.addTransmissions(confirm(confirmId));
    }
    return b.build();
  }

  @Test
  void mergesDeltasWhereAnEmptyValueDeletesAKey() throws Exception {
    h.rpc.onCommand(c -> reply(Map.of("a", "1", "b", "2"), Map.of("x", "1", "y", "2"), c.command().getIdentifier()));
    TestClient client = h.connectWelcomed();
    client.subscribe(A);
    client.receive();
    h.rpc.onCommand(c -> reply(Map.of("a", "", "c", "3"), Map.of("x", "", "y", "20"), null));
    client.perform(A, "{\"action\":\"go\"}");
    var reply = h.server.journal().await(JournalEvent.RpcReply.class, r -> "message".equals(r.command()), T);
    assertThat(reply.cstate()).isEqualTo(new StateDiff(Map.of("c", "3"), Map.of(), Set.of("a")));
    assertThat(reply.istate()).isEqualTo(new StateDiff(Map.of(), Map.of("y", "20"), Set.of("x")));
    SessionInfo info = h.server.sessions().get(0);
    assertThat(info.cstate()).isEqualTo(Map.of("b", "2", "c", "3"));
    assertThat(info.subscription(A).istate()).isEqualTo(Map.of("y", "20"));
  }

  @Test
  void sendsWholeCstateAndOnlyThisIdentifiersIstateWithEachCommand() throws Exception {
    h.rpc.onCommand(
        c ->
            reply(
                Map.of("k_" + c.command().getIdentifier().length(), "v"),
                Map.of("mine", c.command().getIdentifier()),
                c.command().getIdentifier()));
    TestClient client = h.connectWelcomed();
    client.subscribe(A);
    client.receive();
    client.subscribe(B);
    client.receive();
    client.perform(A, "{}");
    h.rpc.take("Command", T);
    h.rpc.take("Command", T);
    var perform = h.rpc.take("Command", T).command();
    assertThat(perform.getEnv().getCstateMap()).containsOnlyKeys("k_" + A.length(), "k_" + B.length());
    assertThat(perform.getEnv().getIstateMap()).isEqualTo(Map.of("mine", A));
  }

  @Test
  void disconnectCarriesIdentifiersSubscriptionsCstateAndIstatePerIdentifierAsJson() throws Exception {
    h.rpc.onConnect(c -> TestRpcServer.welcome(c).toBuilder().setIdentifiers("{\"uid\":\"26\"}").build());
    h.rpc.onCommand(
        c ->
            reply(
                Map.of("token", "t"),
                c.command().getIdentifier().equals(A) ? Map.of("user", "{\"name\":\"a\"}") : Map.of(),
                c.command().getIdentifier()));
    TestClient client = h.connectWelcomed();
    client.subscribe(A);
    client.receive();
    client.subscribe(B);
    client.receive();
    client.close();
    var disconnect = h.rpc.take("Disconnect", T).disconnect();
    assertThat(disconnect.getIdentifiers()).isEqualTo("{\"uid\":\"26\"}");
    assertThat(disconnect.getSubscriptionsList()).containsExactlyInAnyOrder(A, B);
    assertThat(disconnect.getEnv().getCstateMap()).isEqualTo(Map.of("token", "t"));
    assertThat(disconnect.getEnv().getIstateMap()).containsOnlyKeys(A);
    assertThat(Json.MAPPER.readTree(disconnect.getEnv().getIstateMap().get(A)))
        .isEqualTo(Json.MAPPER.readTree("{\"user\":\"{\\\"name\\\":\\\"a\\\"}\"}"));
    assertThat(disconnect.getEnv().getUrl()).startsWith("http://127.0.0.1:");
    assertThat(disconnect.getEnv().getHeadersMap()).containsKey("REMOTE_ADDR");
  }

  @Test
  void journalRecordsTheStateDiffOfEveryReply() throws Exception {
    h.rpc.onConnect(
        c -> TestRpcServer.welcome(c).toBuilder().setEnv(EnvResponse.newBuilder().putCstate("locale", "en")).build());
    h.rpc.onCommand(c -> reply(Map.of("locale", "fr"), Map.of("n", "1"), c.command().getIdentifier()));
    TestClient client = h.connectWelcomed();
    client.subscribe(A);
    client.receive();
    String sid = h.server.sessions().get(0).sid();
    var replies = h.server.journal().replies(sid);
    assertThat(replies).extracting(JournalEvent.RpcReply::method).containsExactly("connect", "command");
    assertThat(replies.get(0).cstate().added()).isEqualTo(Map.of("locale", "en"));
    assertThat(replies.get(1).cstate().changed()).isEqualTo(Map.of("locale", "fr"));
    assertThat(replies.get(1).istate().added()).isEqualTo(Map.of("n", "1"));
    assertThat(replies.get(1).transmissions()).containsExactly(confirm(A));
  }
}
