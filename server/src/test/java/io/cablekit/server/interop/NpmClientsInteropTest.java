package io.cablekit.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.interop.NodeClients.NodeClient;
import io.cablekit.server.support.TestRpcServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with the real npm Action Cable clients ({@code @rails/actioncable} and {@code
 * @anycable/web}/{@code @anycable/core}) running in Node against a real {@link CableServer} and a
 * scripted gRPC RPC server. The Node side is {@code src/test/js/*.mjs}, driven through {@link
 * NodeClients}: commands go in as JSON lines, client callbacks come out as JSON events.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NpmClientsInteropTest {
  static final String RAILS = "rails-client.mjs";
  static final String ANYCABLE = "anycable-client.mjs";

  static final Duration START = Duration.ofSeconds(8);
  static final Duration WAIT = Duration.ofSeconds(4);
  static final String CHAT_42 = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final String FORBIDDEN = "{\"channel\":\"ChatChannel\",\"room\":\"forbidden\"}";
  static final String NOTIFICATIONS = "{\"channel\":\"NotificationsChannel\"}";

  TestRpcServer rpc;
  CableServer server;
  final List<NodeClient> clients = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // the first npm ci on a fresh machine
  static void installNodePackages() {
    NodeClients.prepare();
  }

  @BeforeEach
  void start() {
    rpc = TestRpcServer.start();
    rpc.onCommand(NpmClientsInteropTest::chatApp);
    server =
        CableServer.start(
            CableConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .httpBroadcastPort(0)
                .rpcHost(rpc.target())
                .build());
  }

  @AfterEach
  void stop() {
    // server first: its graceful shutdown runs the Disconnect RPCs while the RPC server is up
    server.close();
    clients.forEach(NodeClient::close);
    rpc.close();
  }

  /**
   * A tiny Ruby-like app: ChatChannel streams from chat_ROOM (room "forbidden" is rejected),
   * NotificationsChannel streams from notifications, and "speak" replies to the sender.
   */
  static CommandResponse chatApp(TestRpcServer.Call call) {
    CommandMessage m = call.command();
    String identifier = m.getIdentifier();
    JsonNode id = json(identifier);
    return switch (m.getCommand()) {
      case "subscribe" -> {
        if (id.path("room").asText().equals("forbidden")) {
          yield CommandResponse.newBuilder()
              .setStatus(Status.FAILURE)
              .setStopStreams(true)
              .addTransmissions(TestRpcServer.reject(identifier))
              .build();
        }
        String stream =
            id.path("channel").asText().equals("ChatChannel") ? "chat_" + id.path("room").asText() : "notifications";
        yield CommandResponse.newBuilder()
            .setStatus(Status.SUCCESS)
            .addStreams(stream)
            .addTransmissions(TestRpcServer.confirm(identifier))
            .build();
      }
      case "message" -> {
        JsonNode data = json(m.getData());
        ObjectNode reply = NodeClients.JSON.createObjectNode();
        reply.put("identifier", identifier);
        reply.putObject("message").put("reply", data.path("action").asText()).put("text", data.path("text").asText());
        yield CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(reply.toString()).build();
      }
      default -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).build();
    };
  }

  NodeClient launch(String script) {
    NodeClient client = NodeClients.start(script, server.url().toString());
    clients.add(client);
    return client;
  }

  /** Starts the script and waits until the library reports the welcome. */
  NodeClient connected(String script) {
    NodeClient client = launch(script);
    client.await("connected", START);
    return client;
  }

  static void subscribe(NodeClient client, String name, String channel, Map<String, ?> params) {
    client.send("op", "subscribe", "name", name, "channel", channel, "params", params);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void connectsAndReportsTheWelcome(String script) throws Exception {
    NodeClient client = launch(script);
    JsonNode ready = client.await("ready", START);
    client.await("connected", START);

    TestRpcServer.Call connect = rpc.take("Connect", WAIT);
    assertThat(connect.connect().getEnv().getUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/cable");
    JsonNode open = client.await("frame", f -> f.path("dir").asText().equals("open"), WAIT);
    assertThat(open.path("protocol").asText()).isEqualTo("actioncable-v1-json");
    JsonNode welcome = client.await("frame", f -> f.path("dir").asText().equals("in"), WAIT);
    assertThat(json(welcome.path("data").asText()))
        .isEqualTo(json("{\"type\":\"welcome\",\"sid\":\"" + connect.sid() + "\"}"));
    assertThat(ready.path("version").asText()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void subscribesWithParamsAndGetsConfirmed(String script) throws Exception {
    NodeClient client = connected(script);
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));

    JsonNode subscribed = client.await("subscribed", WAIT);
    TestRpcServer.Call command = rpc.take("Command", WAIT);
    assertThat(command.command().getCommand()).isEqualTo("subscribe");
    // the identifier is the exact JSON text the client library built
    assertThat(command.command().getIdentifier()).isEqualTo(CHAT_42);
    assertThat(subscribed.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(server.subscribers("chat_42")).containsOnlyKeys(CHAT_42);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void performsAnActionAndReceivesTheTransmittedReply(String script) throws Exception {
    NodeClient client = connected(script);
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));
    client.await("subscribed", WAIT);
    rpc.take("Command", WAIT);

    client.send("op", "perform", "name", "chat", "action", "speak", "data", Map.of("text", "hi"));

    TestRpcServer.Call command = rpc.take("Command", WAIT);
    assertThat(command.command().getCommand()).isEqualTo("message");
    assertThat(command.command().getIdentifier()).isEqualTo(CHAT_42);
    assertThat(command.command().getData()).contains("\"action\":\"speak\"");
    assertThat(json(command.command().getData())).isEqualTo(json("{\"action\":\"speak\",\"text\":\"hi\"}"));
    JsonNode received = client.await("received", WAIT);
    assertThat(received.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(received.path("data")).isEqualTo(json("{\"reply\":\"speak\",\"text\":\"hi\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void receivesBroadcastsFromTheApiAndFromHttp(String script) throws Exception {
    NodeClient client = connected(script);
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));
    client.await("subscribed", WAIT);

    server.broadcast("chat_42", "{\"text\":\"hello\"}");
    JsonNode first = client.await("received", WAIT);
    assertThat(first.path("identifier").asText()).isEqualTo(CHAT_42);
    assertThat(first.path("data")).isEqualTo(json("{\"text\":\"hello\"}"));

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.broadcastUrl().orElseThrow())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"stream\":\"chat_42\",\"data\":\"{\\\"text\\\":\\\"over http\\\"}\"}"))
                    .timeout(WAIT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("HTTP broadcast status, body %s", response.body()).isEqualTo(201);
    JsonNode second = client.await("received", WAIT);
    assertThat(second.path("data")).isEqualTo(json("{\"text\":\"over http\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void reportsASubscriptionTheRpcRejects(String script) throws Exception {
    NodeClient client = connected(script);
    subscribe(client, "forbidden", "ChatChannel", Map.of("room", "forbidden"));

    // Rails: the subscription's rejected() callback; AnyCable: ensureSubscribed() rejects with
    // SubscriptionRejectedError (reported as "rejected" by the script)
    JsonNode rejected = client.await("rejected", WAIT);
    assertThat(rejected.path("identifier").asText()).isEqualTo(FORBIDDEN);
    TestRpcServer.Call command = rpc.take("Command", WAIT);
    assertThat(command.command().getCommand()).isEqualTo("subscribe");
    assertThat(command.command().getIdentifier()).isEqualTo(FORBIDDEN);
    assertThat(server.subscribers("chat_forbidden")).isEmpty();
    client.assertNoEvent("subscribed", e -> true, Duration.ZERO);

    // the connection is still usable
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));
    assertThat(client.await("subscribed", WAIT).path("identifier").asText()).isEqualTo(CHAT_42);
  }

  @Test
  void anycableClosesTheRejectedChannel() {
    NodeClient client = connected(ANYCABLE);
    subscribe(client, "forbidden", "ChatChannel", Map.of("room", "forbidden"));

    JsonNode rejected = client.await("rejected", WAIT);
    assertThat(rejected.path("error").asText()).isEqualTo("SubscriptionRejectedError");
    assertThat(rejected.path("state").asText()).isEqualTo("closed");
    JsonNode closed = client.await("channel_closed", WAIT);
    assertThat(closed.path("error").asText()).isEqualTo("SubscriptionRejectedError");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void stopsForGoodWhenTheRpcRejectsTheConnection(String script) throws Exception {
    rpc.onConnect(
        c ->
            ConnectionResponse.newBuilder()
                .setStatus(Status.FAILURE)
                .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}")
                .build());
    NodeClient client = launch(script);
    // a subscription created before the welcome, so the per-subscription callbacks fire too
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));

    JsonNode disconnected = client.await("disconnected", START);
    assertThat(disconnected.path("reason").asText()).isEqualTo("unauthorized");
    assertThat(disconnected.path("reconnect").asBoolean(true)).as("will reconnect").isFalse();
    // Rails: disconnected({willAttemptReconnect:false}); AnyCable: channel "disconnect" while the cable is closed
    JsonNode channel = client.await("channel_disconnected", WAIT);
    assertThat(channel.path("reconnect").asBoolean(true)).isFalse();
    JsonNode socketClosed = client.await("socket_closed", WAIT);
    assertThat(socketClosed.path("code").asInt()).isEqualTo(1000);

    rpc.take("Connect", WAIT);
    // no reconnect attempt, no subscribe command, never connected
    assertThat(rpc.poll(Duration.ofMillis(1500))).as("RPC calls after the rejection").isNull();
    client.assertNoEvent("connected", e -> true, Duration.ZERO);
    assertThat(client.events().stream().filter(e -> e.path("dir").asText().equals("open")))
        .as("WebSocket opens (no reconnect)")
        .hasSize(1);
    client.assertNoEvent("subscribed", e -> true, Duration.ZERO);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RAILS, ANYCABLE})
  void unsubscribesAndReportsRemainingSubscriptionsOnDisconnect(String script) throws Exception {
    NodeClient client = connected(script);
    subscribe(client, "chat", "ChatChannel", Map.of("room", "42"));
    client.await("subscribed", e -> e.path("name").asText().equals("chat"), WAIT);
    subscribe(client, "notifications", "NotificationsChannel", Map.of());
    client.await("subscribed", e -> e.path("name").asText().equals("notifications"), WAIT);
    assertThat(rpc.take("Command", WAIT).command().getCommand()).isEqualTo("subscribe");
    assertThat(rpc.take("Command", WAIT).command().getCommand()).isEqualTo("subscribe");

    client.send("op", "unsubscribe", "name", "chat");
    TestRpcServer.Call unsubscribe = rpc.take("Command", WAIT);
    assertThat(unsubscribe.command().getCommand()).isEqualTo("unsubscribe");
    assertThat(unsubscribe.command().getIdentifier()).isEqualTo(CHAT_42);

    client.closeGracefully(WAIT);
    TestRpcServer.Call disconnect = rpc.take("Disconnect", WAIT);
    assertThat(disconnect.disconnect().getSubscriptionsList()).containsExactly(NOTIFICATIONS);
    assertThat(disconnect.disconnect().getIdentifiers()).isEqualTo("{}");
  }

  static JsonNode json(String text) {
    try {
      return NodeClients.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
