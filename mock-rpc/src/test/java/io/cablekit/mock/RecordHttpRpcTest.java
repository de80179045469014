package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.record.NodeApp;
import io.cablekit.mock.record.Session;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Record against a real AnyCable RPC implementation, {@code @anycable/serverless-js} over HTTP RPC
 * ({@code src/test/js/record/chat-rpc.mjs}), with a CableServer in front; then replay the written
 * stubs with a plain MockRpc: the same client session gets the same frames.
 */
class RecordHttpRpcTest {
  static final String SECRET = "rpc-s3cr3t-0b7e41";
  static final String COOKIE_VALUE = "s3cr3t-alice-6c1f0e";
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"7\"}";
  static final String MARKER = "{\"channel\":\"MarkerChannel\"}";

  record Frames(String sid, List<String> chat, String rejected, int rejectedClose) {}

  static Frames session(URI url) {
    String sid;
    List<String> chat;
    try (Session s = Session.open(url, "_chat_session=" + COOKIE_VALUE, 1)) {
      s.subscribe(CHAT, 2) // serverless-js: confirm_subscription first, then the channel's hello
          .perform(CHAT, "{\"action\":\"speak\",\"text\":\"hi\"}", 1)
          .perform(CHAT, "{\"action\":\"speak\",\"text\":\"bye\"}", 1)
          .perform(CHAT, "{\"action\":\"whoami\"}", 1)
          .perform(CHAT, "{\"action\":\"whoami\"}", 1)
          .unsubscribe(CHAT, 0)
          .subscribe(MARKER, 1);
      sid = s.sid();
      chat = s.frames();
    }
    try (TestClient visitor = TestClient.connect(url, Map.of(), List.of("actioncable-v1-json"))) {
      String frame = visitor.receiveText(TestClient.WAIT, true);
      return new Frames(sid, chat, frame, visitor.awaitClosed().code());
    }
  }

  static CableServer cable(String rpcUrl) {
    return CableServer.start(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0)
        .rpcHost(rpcUrl).httpRpcSecret(SECRET).build());
  }

  @Test
  void recordsServerlessJsOverHttpRpcAndReplaysTheSameFrames() throws Exception {
    Path dir = Path.of("target/recordings/http");
    RecordGrpcTest.deleteTree(dir);
    Frames recorded;
    List<String> warnings;
    try (NodeApp app = NodeApp.start("chat-rpc.mjs", "0", "/_anycable", SECRET)) {
      int port = app.await("listening", e -> true, Duration.ofSeconds(15)).path("port").asInt();
      try (Recorder recorder = Recorder.start("http://127.0.0.1:" + port + "/_anycable");
          CableServer cable = cable(recorder.httpUrl())) {
        recorder.broadcaster(cable::broadcast);
        app.send("{\"op\":\"broadcastTo\",\"url\":\"" + recorder.broadcastUrl() + "\"}");
        app.await("ok", e -> true, Duration.ofSeconds(5));

        recorded = session(cable.url());
        recorder.awaitExchanges(Kind.DISCONNECT, 1, Duration.ofSeconds(5));
        warnings = recorder.warnings();
        recorder.writeTo(dir, StubFiles.Format.YAML);
      }

      // the recorder passed the sid metadata and the caller's Bearer secret through to the app
      List<JsonNode> rpcs = app.events().stream().filter(e -> e.path("event").asText().equals("rpc")).toList();
      assertThat(rpcs).hasSizeGreaterThanOrEqualTo(10);
      assertThat(rpcs).allSatisfy(e -> {
        assertThat(e.path("authorization").asText()).isEqualTo("Bearer " + SECRET);
        assertThat(e.path("protov").asText()).isEqualTo("v1");
      });
      // alice's session: connect, subscribe, 4 performs, unsubscribe, subscribe, disconnect, all with her sid
      List<JsonNode> alice = rpcs.stream().filter(e -> e.path("sid").asText().equals(recorded.sid())).toList();
      assertThat(alice).extracting(e -> e.path("method").asText())
          .containsExactly("connect", "command", "command", "command", "command", "command", "command", "command", "disconnect");
    }

    assertThat(recorded.chat()).containsExactly(
        "{\"type\":\"welcome\",\"sid\":\"<sid>\"}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"type\":\"confirm_subscription\"}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"type\":\"hello\",\"user\":\"alice\",\"room\":\"7\"}}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"user\":\"alice\",\"text\":\"hi\"}}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"user\":\"alice\",\"text\":\"bye\"}}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"you\":\"alice\"}}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"you\":\"alice\"}}",
        "{\"identifier\":" + io.cablekit.protocol.Json.quote(MARKER) + ",\"type\":\"confirm_subscription\"}");
    // serverless-js rejects with a frame the mock's reject cannot send; the recorder says so
    assertThat(warnings).singleElement().asString().contains("(connect)").contains("replays as");

    String files = RecordGrpcTest.readAll(dir);
    assertThat(files).contains("broadcast:").contains("confirm: false")
        .doesNotContain(COOKIE_VALUE).doesNotContain(SECRET);

    Frames replayed;
    try (MockRpc rpc = MockRpc.start(MockRpcConfig.builder().httpSecret(SECRET).build());
        CableServer cable = cable(rpc.httpUrl())) {
      rpc.replaceStubs(StubFiles.load(dir));
      rpc.broadcaster(cable::broadcast);
      replayed = session(cable.url());
      rpc.verifyWithin(Duration.ofSeconds(5), Count.once(), RequestPattern.disconnect());
      rpc.assertNoUnmatched();
    }
    assertThat(replayed.chat()).isEqualTo(recorded.chat());
    assertThat(replayed.rejectedClose()).isEqualTo(recorded.rejectedClose());
    assertThat(recorded.rejected()).isEqualTo("{\"type\":\"disconnect\",\"reason\":\"unauthorized\"}");
    assertThat(replayed.rejected()).isEqualTo("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
  }
}
