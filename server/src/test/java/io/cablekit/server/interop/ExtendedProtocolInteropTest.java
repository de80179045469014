package io.cablekit.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.interop.NodeClients.NodeClient;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop of AnyCable's extended protocol ({@code actioncable-v1-ext-json}, PROTOCOL.md 3.6) with
 * the real npm client: {@code @anycable/web} and {@code @anycable/core}'s {@code
 * ActionCableExtendedProtocol}, run by {@code src/test/js/anycable-ext-client.mjs} against a
 * {@link io.cablekit.server.CableServer} with the memory broker and a scripted gRPC RPC server.
 *
 * <p>What the client does on its own, and these tests rely on: every {@code subscribe} carries a
 * {@code history} request ({@code since} the cable was created, plus the positions it has seen);
 * it keeps the welcome's {@code sid} and reconnects with {@code ?sid=} (a query parameter, not
 * the {@code X-AnyCable-Restore-SID} header); after a {@code restored} welcome it sends a {@code
 * history} command per restored identifier with its last {@code {epoch, offset}}; whispers are
 * {@code {"command":"whisper"}} frames. The script reconnects only when told to (see there), so
 * the tests can publish while the client is away.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ExtendedProtocolInteropTest {
  static final String SCRIPT = "anycable-ext-client.mjs";
  static final String EXT = "actioncable-v1-ext-json";
  static final Duration START = Duration.ofSeconds(8);
  static final Duration WAIT = Duration.ofSeconds(4);
  static final String CHAT_42 = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final String STREAM = "chat_42";

  Harness h;
  final List<NodeClient> clients = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // the first npm ci on a fresh machine
  static void installNodePackages() {
    NodeClients.prepare();
  }

  @BeforeEach
  void start() {
    h = Harness.start(b -> b.broker("memory"));
    h.rpc.onCommand(ExtendedProtocolInteropTest::chatApp);
  }

  @AfterEach
  void stop() {
    clients.forEach(NodeClient::close);
    if (h != null) {
      h.close();
    }
  }

  /**
   * ChatChannel streams from chat_ROOM with whispers on (Ruby's {@code stream_from "chat_42",
   * whisper: true}, which sets the channel state {@code $w}); other commands succeed silently.
   */
  static CommandResponse chatApp(TestRpcServer.Call call) {
    CommandMessage m = call.command();
    if (!m.getCommand().equals("subscribe")) {
      return CommandResponse.newBuilder().setStatus(Status.SUCCESS).build();
    }
    String stream = "chat_" + json(m.getIdentifier()).path("room").asText();
    return CommandResponse.newBuilder()
        .setStatus(Status.SUCCESS)
        .addStreams(stream)
        .setEnv(EnvResponse.newBuilder().putIstate("$w", stream))
        .addTransmissions(TestRpcServer.confirm(m.getIdentifier()))
        .build();
  }

  @Test
  void negotiatesTheExtendedProtocolAndReceivesBroadcastsWithTheirStreamPositions() throws Exception {
    long createdAround = Instant.now().getEpochSecond();
    NodeClient client = launch();
    assertThat(client.await("dial", START).path("protocols")).extracting(JsonNode::asText).containsExactly(EXT);
    assertThat(client.await("frame", f -> f.path("dir").asText().equals("open"), START).path("protocol").asText())
        .isEqualTo(EXT);
    JsonNode welcome = incoming(client, "welcome");
    String sid = h.rpc.take("Connect", WAIT).sid();
    assertThat(welcome).isEqualTo(json("{\"type\":\"welcome\",\"sid\":\"" + sid + "\"}"));
    assertThat(client.await("connected", WAIT).path("sid").asText()).as("the client keeps the sid").isEqualTo(sid);

    subscribe(client);
    // the client asks for what was published since it was created, in the subscribe itself
    JsonNode history = outgoing(client, "subscribe").path("history");
    assertThat(history.path("since").asLong()).isBetween(createdAround - 1, Instant.now().getEpochSecond());
    assertThat(history.path("streams")).isEqualTo(json("{}"));
    assertThat(incoming(client, "confirm_subscription").path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(incoming(client, "confirm_history").path("identifier").asText()).isEqualTo(CHAT_42);
    client.await("subscribed", WAIT);

    h.server.broadcast(STREAM, "{\"text\":\"one\"}");
    h.server.broadcast(STREAM, "{\"text\":\"two\"}");
    JsonNode one = client.await("received", WAIT);
    JsonNode two = client.await("received", WAIT);
    assertThat(one.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(one.path("data")).isEqualTo(json("{\"text\":\"one\"}"));
    assertThat(two.path("data")).isEqualTo(json("{\"text\":\"two\"}"));
    // meta is what ActionCableExtendedProtocol tracked from stream_id/epoch/offset
    String epoch = one.path("meta").path("epoch").asText();
    assertThat(epoch).hasSize(4);
    assertThat(one.path("meta")).isEqualTo(meta(epoch, 1));
    assertThat(two.path("meta")).isEqualTo(meta(epoch, 2));
  }

  @Test
  void getsWhatItMissedWhileAwayThroughSessionRestoreAndItsHistoryRequestWithoutAConnectRpc() throws Exception {
    NodeClient client = launch();
    String sid = connected(client);
    subscribeAndAwaitHistory(client);
    TestClient witness = witness();
    h.server.broadcast(STREAM, "{\"n\":1}");
    JsonNode one = client.await("received", WAIT);
    String epoch = one.path("meta").path("epoch").asText();
    assertThat(one.path("meta")).isEqualTo(meta(epoch, 1));

    client.send("op", "drop");
    client.await("disconnected", WAIT);
    h.rpc.take("Disconnect", WAIT); // the server has let the session go: what follows is missed
    h.server.broadcast(STREAM, "{\"n\":2}");
    h.server.broadcast(STREAM, "{\"n\":3}");
    receiveBroadcasts(witness, 3); // delivered (so stored) before the client comes back
    int connects = h.rpc.history("Connect").size();

    client.send("op", "reconnect");
    assertThat(client.await("dial", WAIT).path("url").asText())
        .as("the client offers its previous sid in the query")
        .isEqualTo(h.server.url() + "?sid=" + sid);
    JsonNode welcome = incoming(client, "welcome");
    assertThat(welcome.path("restored").asBoolean()).as("restored welcome %s", welcome).isTrue();
    assertThat(welcome.path("restored_ids")).extracting(JsonNode::asText).containsExactly(CHAT_42);
    String newSid = welcome.path("sid").asText();
    assertThat(newSid).isNotEmpty().isNotEqualTo(sid);
    JsonNode connected = client.await("connected", WAIT);
    assertThat(connected.path("restored").asBoolean()).isTrue();
    assertThat(connected.path("reconnect").asBoolean()).isTrue();
    assertThat(connected.path("sid").asText()).isEqualTo(newSid);

    // the client asks, on its own, for what came after the last position it saw
    JsonNode request = outgoing(client, "history");
    assertThat(request.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(request.path("history").path("streams")).isEqualTo(json("{\"" + STREAM + "\":" + position(epoch, 1) + "}"));
    JsonNode two = client.await("received", WAIT);
    JsonNode three = client.await("received", WAIT);
    assertThat(two.path("data")).isEqualTo(json("{\"n\":2}"));
    assertThat(two.path("meta")).isEqualTo(meta(epoch, 2));
    assertThat(three.path("data")).isEqualTo(json("{\"n\":3}"));
    assertThat(three.path("meta")).isEqualTo(meta(epoch, 3));
    assertThat(incoming(client, "confirm_history").path("identifier").asText()).isEqualTo(CHAT_42);
    client.await("info", e -> e.path("type").asText().equals("history_received"), WAIT);
    JsonNode subscribed = client.await("subscribed", WAIT);
    assertThat(subscribed.path("restored").asBoolean()).as("the channel is restored, not resubscribed").isTrue();

    // the restored session is live: streams back, no Connect RPC, no new subscribe
    h.server.broadcast(STREAM, "{\"n\":4}");
    assertThat(client.await("received", WAIT).path("meta")).isEqualTo(meta(epoch, 4));
    assertThat(h.rpc.history("Connect")).hasSize(connects);
    assertThat(outgoingFrames(client, "subscribe")).as("subscribe frames").hasSize(1);
    assertThat(h.rpc.history("Command"))
        .extracting(c -> c.command().getCommand())
        .as("the client's and the witness's subscribe only")
        .containsExactly("subscribe", "subscribe");
  }

  @Test
  void withoutSessionRecoveryItResubscribesAndTheSubscribeBringsBackWhatItMissed() throws Exception {
    NodeClient client = launch("{\"disableSessionRecovery\":true}");
    connected(client);
    subscribeAndAwaitHistory(client);
    TestClient witness = witness();
    h.server.broadcast(STREAM, "{\"n\":1}");
    String epoch = client.await("received", WAIT).path("meta").path("epoch").asText();

    client.send("op", "drop");
    client.await("channel_disconnected", WAIT);
    h.rpc.take("Disconnect", WAIT);
    h.server.broadcast(STREAM, "{\"n\":2}");
    h.server.broadcast(STREAM, "{\"n\":3}");
    receiveBroadcasts(witness, 3);
    int connects = h.rpc.history("Connect").size();

    client.send("op", "reconnect");
    assertThat(client.await("dial", WAIT).path("url").asText()).doesNotContain("sid=");
    assertThat(incoming(client, "welcome").has("restored")).isFalse();
    JsonNode connected = client.await("connected", WAIT);
    assertThat(connected.path("restored").asBoolean()).isFalse();
    assertThat(h.rpc.history("Connect")).as("an ordinary Connect").hasSize(connects + 1);

    JsonNode resubscribe = outgoing(client, "subscribe");
    assertThat(resubscribe.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(resubscribe.path("history").path("streams"))
        .isEqualTo(json("{\"" + STREAM + "\":" + position(epoch, 1) + "}"));
    assertThat(incoming(client, "confirm_subscription").path("identifier").asText()).isEqualTo(CHAT_42);
    JsonNode two = client.await("received", WAIT);
    JsonNode three = client.await("received", WAIT);
    assertThat(two.path("data")).isEqualTo(json("{\"n\":2}"));
    assertThat(two.path("meta")).isEqualTo(meta(epoch, 2));
    assertThat(three.path("meta")).isEqualTo(meta(epoch, 3));
    assertThat(incoming(client, "confirm_history").path("identifier").asText()).isEqualTo(CHAT_42);
    JsonNode subscribed = client.await("subscribed", WAIT);
    assertThat(subscribed.path("reconnect").asBoolean()).isTrue();
    assertThat(subscribed.path("restored").asBoolean()).isFalse();
  }

  @Test
  void aWhisperReachesTheOtherClientButNotTheSenderAndIsNotStored() throws Exception {
    NodeClient alice = launch();
    NodeClient bob = launch();
    connected(alice);
    connected(bob);
    subscribeAndAwaitHistory(alice);
    subscribeAndAwaitHistory(bob);

    alice.send("op", "whisper", "name", "chat", "data", Map.of("event", "typing", "name", "alice"));
    assertThat(outgoing(alice, "whisper"))
        .isEqualTo(json("{\"command\":\"whisper\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT_42)
            + ",\"data\":{\"event\":\"typing\",\"name\":\"alice\"}}"));
    JsonNode whispered = bob.await("received", WAIT);
    assertThat(whispered.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(whispered.path("data")).isEqualTo(json("{\"event\":\"typing\",\"name\":\"alice\"}"));
    assertThat(whispered.path("meta").isNull()).as("no stream position: transient").isTrue();

    // a broadcast after the whisper goes through the same stream: alice gets it, and would have
    // got the whisper before it; its offset 1 shows the whisper was not stored
    h.server.broadcast(STREAM, "{\"text\":\"after\"}");
    JsonNode atAlice = alice.await("received", WAIT);
    assertThat(atAlice.path("data")).as("alice's first message").isEqualTo(json("{\"text\":\"after\"}"));
    assertThat(atAlice.path("meta").path("offset").asLong()).isEqualTo(1);
    assertThat(bob.await("received", WAIT).path("meta").path("offset").asLong()).isEqualTo(1);
    assertThat(h.rpc.history("Command")).extracting(c -> c.command().getCommand()).containsOnly("subscribe");
  }

  NodeClient launch(String... options) {
    List<String> args = new ArrayList<>(List.of(h.server.url().toString()));
    args.addAll(List.of(options));
    NodeClient client = NodeClients.start(SCRIPT, args.toArray(String[]::new));
    clients.add(client);
    return client;
  }

  static void subscribe(NodeClient client) {
    client.send("op", "subscribe", "name", "chat", "channel", "ChatChannel", "params", Map.of("room", "42"));
  }

  /** Waits for the welcome frame and the cable's connect event (both consumed); returns the sid. */
  static String connected(NodeClient client) {
    client.await("dial", START);
    String sid = incoming(client, "welcome", START).path("sid").asText();
    client.await("connected", WAIT);
    return sid;
  }

  /**
   * Subscribes to ChatChannel room 42 and waits until the client has the confirmation and the
   * (empty) answer to the history its subscribe asked for; the frames involved are consumed.
   *
   * <p>Not the channel's {@code history_received} info: @anycable/core maps the identifier to the
   * channel in a promise continuation of {@code confirm_subscription}, and its Hub drops
   * notifications (unlike messages, which it buffers) for identifiers not mapped yet; so when
   * {@code confirm_subscription} and {@code confirm_history} arrive in one read, the client
   * handles the frame but its channel never hears of it.
   */
  static void subscribeAndAwaitHistory(NodeClient client) {
    subscribe(client);
    outgoing(client, "subscribe");
    incoming(client, "confirm_subscription");
    incoming(client, "confirm_history");
    client.await("subscribed", WAIT);
  }

  /** A plain Action Cable client on the same stream: when it has a broadcast, the broker has it. */
  TestClient witness() {
    TestClient witness = h.connectWelcomed();
    witness.subscribe(CHAT_42);
    assertThat(witness.receive().path("type").asText()).isEqualTo("confirm_subscription");
    return witness;
  }

  /** Waits until the witness has the broadcast at this offset. */
  static void receiveBroadcasts(TestClient witness, long untilOffset) {
    while (witness.receive().path("offset").asLong() < untilOffset) {
      // earlier ones
    }
  }

  /** The next frame the client received whose {@code type} is this (consumed). */
  static JsonNode incoming(NodeClient client, String type) {
    return incoming(client, type, WAIT);
  }

  static JsonNode incoming(NodeClient client, String type, Duration timeout) {
    return frameData(client.await("frame", f -> isFrame(f, "in", "type", type), timeout));
  }

  /** The next frame the client sent whose {@code command} is this (consumed). */
  static JsonNode outgoing(NodeClient client, String command) {
    return frameData(client.await("frame", f -> isFrame(f, "out", "command", command), WAIT));
  }

  /** Every frame the client has sent with this command so far. */
  static List<JsonNode> outgoingFrames(NodeClient client, String command) {
    return client.events().stream()
        .filter(e -> e.path("event").asText().equals("frame") && isFrame(e, "out", "command", command))
        .toList();
  }

  static boolean isFrame(JsonNode event, String dir, String key, String value) {
    if (!event.path("dir").asText().equals(dir)) {
      return false;
    }
    try {
      return NodeClients.JSON.readTree(event.path("data").asText()).path(key).asText().equals(value);
    } catch (IOException e) {
      return false;
    }
  }

  static JsonNode frameData(JsonNode frame) {
    return json(frame.path("data").asText());
  }

  static JsonNode meta(String epoch, long offset) {
    return json("{\"stream\":\"" + STREAM + "\",\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}");
  }

  static String position(String epoch, long offset) {
    return "{\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}";
  }

  static JsonNode json(String text) {
    try {
      return NodeClients.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
