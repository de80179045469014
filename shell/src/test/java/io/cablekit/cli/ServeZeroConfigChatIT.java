package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.server.interop.NodeClients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mock-rpc bar: with no configuration, {@code java -jar cablekit.jar serve} plus the real
 * {@code @rails/actioncable} client runs a chat.
 */
class ServeZeroConfigChatIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void everySubscriberReceivesWhatOneOfThemSays() throws Exception {
    try (CableKitProcess serve = CableKitProcess.start("serve", "--port=0", "--http_broadcast_port=0")) {
      String port = serve.await("listening on ws://localhost:(\\d+)/cable", WAIT);
      String url = "ws://127.0.0.1:" + port + "/cable";
      try (NodeClients.NodeClient alice = NodeClients.start("rails-client.mjs", url);
          NodeClients.NodeClient bob = NodeClients.start("rails-client.mjs", url)) {
        for (NodeClients.NodeClient c : new NodeClients.NodeClient[] {alice, bob}) {
          c.await("connected", WAIT);
          c.send("op", "subscribe", "name", "chat", "channel", "ChatChannel", "params", Map.of("room", "lobby"));
          c.await("subscribed", WAIT);
        }
        alice.send("op", "perform", "name", "chat", "action", "speak", "data", Map.of("text", "hello everyone"));
        for (NodeClients.NodeClient c : new NodeClients.NodeClient[] {alice, bob}) {
          JsonNode received = c.await("received", WAIT);
          assertThat(received.path("data").path("text").asText()).isEqualTo("hello everyone");
          assertThat(received.path("data").path("action").asText()).isEqualTo("speak");
        }
      }
      serve.terminate();
      assertThat(serve.awaitExit(WAIT)).isEqualTo(0);
    }
  }

  @Test
  void printsAClearErrorForAMistypedFlag() throws Exception {
    try (CableKitProcess serve = CableKitProcess.start("serve", "--rpc_hots=localhost:50051")) {
      assertThat(serve.awaitExit(WAIT)).isEqualTo(2);
      assertThat(serve.output()).contains("cablekit serve: unknown flag --rpc_hots; did you mean --rpc_host?");
    }
  }
}
