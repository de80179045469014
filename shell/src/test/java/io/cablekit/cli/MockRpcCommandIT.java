package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cablekit mock-rpc}, as a separate process a real server calls over gRPC. */
class MockRpcCommandIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path STUBS = Path.of("src/test/resources/mockrpc");

  @Test
  void validateNamesFileLineAndProblemAndExitsOne() throws Exception {
    try (CableKitProcess validate = CableKitProcess.start("mock-rpc", "--validate", STUBS.resolve("broken.yml").toString())) {
      assertThat(validate.awaitExit(WAIT)).isEqualTo(1);
      assertThat(String.join("\n", validate.output()))
          .contains("broken.yml:")
          .contains("a rejected subscription cannot stream from [chat]");
    }
    try (CableKitProcess validate = CableKitProcess.start("mock-rpc", "--validate", STUBS.resolve("chat.yml").toString())) {
      assertThat(validate.awaitExit(WAIT)).isEqualTo(0);
    }
  }

  @Test
  void servesStubFilesToARealServerAndBroadcastsThroughItsHttpEndpoint() throws Exception {
    try (CableServer probe = CableServer.start(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).build())) {
      String broadcastUrl = probe.broadcastUrl().orElseThrow().toString();
      try (CableKitProcess mock = CableKitProcess.start(
          "mock-rpc", "--port=0", "--stubs", STUBS.resolve("chat.yml").toString(), "--broadcast_url", broadcastUrl)) {
        String target = mock.await("Mock RPC listening on (\\S+) \\(gRPC\\)", WAIT);
        try (CableServer server = CableServer.start(probe.config().toBuilder().port(0).httpBroadcastPort(0).rpcHost(target).build())) {
          // the mock posts broadcasts to the probe's endpoint: deliver them through this server instead
          probe.journal().subscribe(e -> {
            if (e instanceof io.cablekit.server.JournalEvent.Published p) {
              server.broadcast(p.broadcast());
            }
          });
          try (TestClient alice = TestClient.connect(server.url(), Map.of("Cookie", "uid=alice"), List.of("actioncable-v1-json"))) {
            assertThat(alice.receive().path("type").asText()).isEqualTo("welcome");
            String chat = "{\"channel\":\"ChatChannel\",\"room\":\"7\"}";
            alice.subscribe(chat);
            assertThat(alice.receive().path("type").asText()).isEqualTo("confirm_subscription");
            alice.perform(chat, "{\"action\":\"speak\",\"text\":\"hi\"}");
            var message = alice.receive(WAIT).path("message");
            assertThat(message.path("text").asText()).isEqualTo("hi");
            assertThat(message.path("from").asText()).isEqualTo("alice");
          }
          try (TestClient guest = TestClient.connect(server.url())) {
            assertThat(guest.receive().path("reason").asText()).isEqualTo("unauthorized");
          }
        }
      }
    }
  }
}
