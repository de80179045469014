package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.record.GrpcChatApp;
import io.cablekit.mock.record.Session;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Record against a real gRPC RPC server (a chat app with cookie sessions), write the stubs, then
 * replay them with a plain MockRpc: the same client sessions get the same frames.
 */
class RecordGrpcTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";
  static final String NOPE = "{\"channel\":\"NopeChannel\"}";
  static final String MARKER = "{\"channel\":\"MarkerChannel\"}";
  static final String ALICE_COOKIE = "_chat_session=s3cr3t-alice-6c1f0e; theme=dark";

  record Frames(List<String> chat, List<String> rejected, int rejectedClose) {}

  /** Alice chats; then a visitor without a session cookie is turned away. */
  static Frames session(URI url) {
    List<String> chat;
    try (Session s = Session.open(url, ALICE_COOKIE, 1)) {
      s.subscribe(CHAT, 2)
          .perform(CHAT, "{\"action\":\"speak\",\"text\":\"hi\"}", 1)
          .perform(CHAT, "{\"action\":\"speak\",\"text\":\"anyone here?\"}", 1)
          .perform(CHAT, "{\"action\":\"count\"}", 1)
          .perform(CHAT, "{\"action\":\"count\"}", 1)
          .subscribe(NOPE, 0)
          .unsubscribe(CHAT, 0)
          .subscribe(MARKER, 1);
      chat = s.frames();
    }
    try (TestClient visitor = TestClient.connect(url, Map.of("Cookie", "theme=light"), List.of("actioncable-v1-json"))) {
      String frame = visitor.receiveText(TestClient.WAIT, true);
      return new Frames(chat, List.of(frame), visitor.awaitClosed().code());
    }
  }

  static CableServer cable(String rpcHost) {
    return CableServer.start(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpcHost).build());
  }

  @Test
  void recordsARealServerAndReplaysTheSameFrames() throws Exception {
    Path dir = Path.of("target/recordings/grpc");
    deleteTree(dir);
    Frames recorded;
    try (GrpcChatApp app = new GrpcChatApp();
        Recorder recorder = Recorder.start(app.target());
        CableServer cable = cable(recorder.target())) {
      recorder.broadcaster(cable::broadcast);
      app.broadcastTo(recorder.broadcastUrl());

      recorded = session(cable.url());
      recorder.awaitExchanges(Kind.DISCONNECT, 1, Duration.ofSeconds(5));

      // passed through unchanged: the welcome carries the session's sid, which the app got as metadata
      var connect = app.server().history("Connect").get(0);
      assertThat(recorded.chat().get(0)).isEqualTo("{\"type\":\"welcome\",\"sid\":\"<sid>\"}");
      assertThat(connect.sid()).isNotEmpty();
      assertThat(connect.protov()).isEqualTo("v1");
      assertThat(recorded.chat()).contains("{\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"message\":{\"user\":\"alice\",\"text\":\"hi\"}}");
      assertThat(recorded.rejected()).containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
      assertThat(recorder.warnings()).isEmpty();
      recorder.writeTo(dir, StubFiles.Format.YAML);
    }

    String files = readAll(dir);
    assertThat(files).contains("\"on\": connect").contains("broadcast:").contains("replies:")
        .doesNotContain("s3cr3t-alice-6c1f0e").doesNotContain("dark").doesNotContain("light");

    Frames replayed;
    try (MockRpc rpc = MockRpc.start(); CableServer cable = cable(rpc.target())) {
      rpc.replaceStubs(StubFiles.load(dir));
      rpc.broadcaster(cable::broadcast);
      replayed = session(cable.url());
      rpc.verifyWithin(Duration.ofSeconds(5), Count.once(), RequestPattern.disconnect());
      rpc.assertNoUnmatched();
    }
    assertThat(replayed).isEqualTo(recorded);
  }

  static String readAll(Path dir) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.append(Files.readString(f));
      }
    }
    return out.toString();
  }

  static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
