package io.cablekit.mock;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.mock.Replies.ok;
import static io.cablekit.mock.Replies.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import io.grpc.Status;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading stub files: every key of the format means what the Java DSL means, and loads drive a real server. */
class StubFilesTest {
  static final String ROOM_42 = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";

  static Path resource(String name) throws Exception {
    return Path.of(StubFilesTest.class.getResource("/stubs/" + name).toURI());
  }

  @Test
  void loadsADirectoryRecursivelyInPathOrderReadingOnlyStubFiles() throws Exception {
    Path dir = resource("chat");
    List<Stub> stubs = StubFiles.load(dir);
    assertThat(stubs).extracting(Stub::id)
        .containsExactly("connect-with-uid", "connect-anonymous", "chat-subscribe", "chat-speak", "chat-leave", "disconnect-ok");
    assertThat(stubs).extracting(Stub::source)
        .containsExactly(
            dir.resolve("10-connect.yml") + ":2",
            dir.resolve("10-connect.yml") + ":12",
            dir.resolve("20-chat.yaml") + ":2",
            dir.resolve("20-chat.yaml") + ":9",
            dir.resolve("nested/30-leave.json") + ":3",
            dir.resolve("nested/30-leave.json") + ":12");
  }

  @Test
  void skipsHiddenFilesAndDirectories(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yml"), "- {match: {on: connect}, reply: {accept: true}}\n");
    Files.writeString(dir.resolve(".#a.yml"), "broken: [");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/b.json"), "broken");
    assertThat(StubFiles.load(dir)).hasSize(1);
    assertThat(StubFiles.validate(dir)).isEmpty();
  }

  @Test
  void stubsLoadedFromFilesDriveARealServer() throws Exception {
    try (MockRpc rpc = MockRpc.start();
        CableServer server = CableServer.start(
            CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build())) {
      rpc.broadcaster(server::broadcast);
      rpc.replaceStubs(StubFiles.load(resource("chat")));

      try (TestClient anonymous = TestClient.connect(server.url())) {
        assertThat(anonymous.receive().toString())
            .isEqualTo("{\"type\":\"disconnect\",\"reason\":\"no uid cookie\",\"reconnect\":false}");
      }
      URI url = URI.create(server.url() + "?t=noon");
      try (TestClient alice = TestClient.connect(url, Map.of("Cookie", "uid=26"), List.of("actioncable-v1-json"))) {
        assertThat(alice.receive().path("type").asText()).isEqualTo("welcome");
        alice.subscribe(ROOM_42);
        assertThat(alice.receive().toString())
            .isEqualTo("{\"identifier\":" + io.cablekit.protocol.Json.quote(ROOM_42) + ",\"message\":{\"type\":\"history\",\"messages\":[]}}");
        assertThat(alice.receive().path("type").asText()).isEqualTo("confirm_subscription");
        alice.perform(ROOM_42, "{\"action\":\"speak\",\"text\":\"hi\"}");
        assertThat(alice.receive().path("message").toString()).isEqualTo("{\"text\":\"hi\",\"from\":\"26\"}");
      }
      RecordedCall connect = rpc.findAll(RequestPattern.connect().withCookie("uid", "26")).get(0);
      assertThat(connect.stubId()).isEqualTo("connect-with-uid");
      assertThat(connect.response().toString()).contains("since").contains("noon");
    }
  }

  @Test
  void readsEveryKeyAsTheJavaDslWouldBuildIt() throws Exception {
    List<Stub> parsed = StubFiles.load(resource("everything.yml"));
    List<Stub> dsl = List.of(
        new Stub("everything-connect", "connect with every connect key", 1,
            RequestPattern.connect()
                .withHeader("x-api-key", Matchers.matching("k-\\d+")).withHeader("origin", "https://example.com")
                .withCookie("uid", Matchers.present()).withCookie("banned", Matchers.absent())
                .withQuery("token", Matchers.containing("abc")).withPath("/cable").withCstate("region", "eu"),
            List.of(accept("{\"user\": \"{{cookies.uid}}\", \"url\": \"{{url}}\"}").withoutWelcome()
                .transmitRaw("{\"type\":\"hello\",\"path\":\"{{path}}\"}")
                .cstate("seen", "yes").removeCstate("old").removeCstate("older")
                .delay(Duration.ofMillis(250))),
            null, null, null, null),
        new Stub(parsed.get(1).id(), "subscribe without confirmation", 5,
            RequestPattern.subscribe("RoomChannel").withParams("{\"id\": {\"$eq\": 7}, \"tags\": [\"a\", \"b\"]}")
                .withIdentifiers(Map.of("user", "1")).withIstate("x", "1"),
            List.of(confirm().withoutConfirmation().streamFrom("room_{{params.id}}").stopStream("lobby")
                .transmit(Map.of("hello", "{{identifiers.user}}")).transmit(com.fasterxml.jackson.databind.node.TextNode.valueOf("plain text"))
                .istate("joined", "true").delay(Duration.ofMillis(100), Duration.ofMillis(1500))),
            null, null, null, null),
        new Stub(parsed.get(2).id(), "a sequence in a scenario", 5,
            RequestPattern.perform("RoomChannel", "buy").withData(Map.of("qty", 1)),
            List.of(ok().transmit(Map.of("ok", true)),
                Replies.error("sold out").delay(Duration.ofSeconds(2)),
                Replies.fail(Status.Code.UNAVAILABLE, "try later").delay(Duration.ofMinutes(1))),
            "checkout", "Started", "paid", null),
        new Stub(parsed.get(3).id(), null, 5, RequestPattern.unsubscribe("RoomChannel"),
            List.of(ok().stopAllStreams().removeCstate("room")), null, null, null, null),
        new Stub(parsed.get(4).id(), null, 5, RequestPattern.of(Kind.PERFORM).withAction("leave"),
            List.of(ok().disconnect().broadcastToOthers("room_{{params.id}}", com.fasterxml.jackson.databind.node.TextNode.valueOf("{{data}}"))),
            null, null, null, null),
        new Stub(parsed.get(5).id(), null, 5, RequestPattern.disconnect(),
            List.of(reject().delay(Duration.ofMillis(10))), null, null, null, null),
        new Stub(parsed.get(6).id(), "anything else fails with a gRPC status", 99, RequestPattern.any(),
            List.of(Replies.fail(Status.Code.DEADLINE_EXCEEDED, null)), null, null, null, null));

    assertThat(parsed).extracting(s -> parts(s.pattern())).containsExactlyElementsOf(dsl.stream().map(s -> parts(s.pattern())).toList());
    assertThat(StubFiles.write(parsed, StubFiles.Format.YAML)).isEqualTo(StubFiles.write(dsl, StubFiles.Format.YAML));
    for (int i = 0; i < dsl.size(); i++) {
      assertThat(parsed.get(i).replies().toString()).as("stub %d", i + 1).isEqualTo(dsl.get(i).replies().toString());
    }
  }

  /** Every part of a pattern (RequestPattern.equals goes through toString, which fails on header matchers). */
  static List<Object> parts(RequestPattern p) {
    return java.util.Arrays.asList(p.kind(), p.channel(), p.action(), p.params(), p.data(), p.identifiers(), p.path(),
        p.headers(), p.cookies(), p.query(), p.cstate(), p.istate());
  }

  @Test
  void readsTheSpecExampleAsDocumented() throws Exception {
    List<Stub> stubs = StubFiles.load(resource("spec-example.yml"));
    assertThat(stubs).extracting(Stub::name)
        .containsExactly("accept users with a uid cookie", "everyone else is rejected", null, null);
    assertThat(stubs).extracting(Stub::priority).containsExactly(5, 10, 5, 5);
    assertThat(parts(stubs.get(2).pattern()))
        .isEqualTo(parts(RequestPattern.subscribe("ChatChannel").withParams(Map.of("room", Matchers.matching("\\d+")))));
    assertThat(stubs.get(3).replies().get(0).broadcasts().get(0).data().toString())
        .isEqualTo("{\"text\":\"{{data.text}}\",\"from\":\"{{identifiers.user}}\"}");
  }

  @Test
  void takesTheFormatFromTheNameOrFromTheText() throws Exception {
    String json = "{\"stubs\": [{\"match\": {\"on\": \"connect\"}, \"reply\": {\"accept\": true}}]}";
    assertThat(StubFiles.parse(json, "request body")).hasSize(1);
    assertThat(StubFiles.parse("- match: {on: connect}\n  reply: {accept: true}\n", "request body")).hasSize(1);
    assertThat(StubFiles.parse("{stubs: [{match: {on: connect}, reply: {accept: true}}]}", "flow style")).hasSize(1);
    assertThat(StubFiles.parse("[]", "none.json")).isEmpty();
    assertThat(StubFiles.parse("", "empty.yml")).isEmpty();
    assertThat(StubFiles.parse("# only a comment\n", "empty.yml")).isEmpty();
  }

  @Test
  void resolvesYamlAnchorsAliasesAndMergeKeys() throws Exception {
    String yaml = """
        stubs:
          - match: &chat { on: subscribe, channel: ChatChannel }
            reply: &base
              stream_from: chat
              istate: { joined: "yes" }
          - match: { <<: *chat, params: { room: "1" } }
            reply:
              <<: *base
              stream_from: chat_1
        """;
    List<Stub> stubs = StubFiles.parse(yaml, "anchors.yml");
    assertThat(parts(stubs.get(1).pattern())).isEqualTo(parts(RequestPattern.subscribe("ChatChannel").withParams(Map.of("room", "1"))));
    assertThat(stubs.get(1).replies().get(0).streams()).containsExactly("chat_1");
    assertThat(stubs.get(1).replies().get(0).istate()).isEqualTo(Map.of("joined", "yes"));
  }

  @Test
  void stubsAnswerInFilePriorityAndSequenceOrder() throws Exception {
    String yaml = """
        - match: { on: perform, channel: C, action: a }
          replies: [ { transmit: 1 }, { transmit: 2 } ]
        - priority: 1
          match: { on: perform, channel: C, action: a, data: { urgent: true } }
          reply: { transmit: urgent }
        """;
    try (MockRpc rpc = MockRpc.start();
        CableServer server = CableServer.start(
            CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build())) {
      rpc.onConnect().reply(accept());
      rpc.onSubscribe("C").reply(confirm());
      StubFiles.parse(yaml, "order.yml").forEach(rpc::stub);
      try (TestClient client = TestClient.connect(server.url())) {
        client.receive();
        client.subscribe("{\"channel\":\"C\"}");
        client.receive();
        client.perform("{\"channel\":\"C\"}", "{\"action\":\"a\"}");
        client.perform("{\"channel\":\"C\"}", "{\"action\":\"a\",\"urgent\":true}");
        client.perform("{\"channel\":\"C\"}", "{\"action\":\"a\"}");
        client.perform("{\"channel\":\"C\"}", "{\"action\":\"a\"}");
        assertThat(List.of(client.receive(), client.receive(), client.receive(), client.receive()))
            .extracting(m -> m.path("message").toString())
            .containsExactly("1", "\"urgent\"", "2", "2");
      }
    }
  }
}
