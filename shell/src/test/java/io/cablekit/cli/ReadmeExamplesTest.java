package io.cablekit.cli;

import static io.cablekit.mock.Replies.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.MockRpc;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.SessionInfo;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of the README, verbatim: {@link ReadmeSnippetsTest} checks that every
 * {@code java} block of the README appears in a test source, so each one compiles and runs. Lines
 * ending in {@code // not in README} are checks the README leaves out.
 */
class ReadmeExamplesTest {
  @Test
  void usingTheServerFromJava() {
    try (MockRpc rpc = MockRpc.start();
        CableServer server =
            CableServer.start(
                CableConfig.builder().port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build())) {
      rpc.broadcaster(server::broadcast);
      rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));

      URI url = server.url(); // ws://localhost:<port>/cable
      // ... connect clients, then inspect what the server holds:
      List<SessionInfo> sessions = server.sessions();
      server.broadcast("chat_42", "{\"text\":\"hi\"}");
      List<JournalEvent.Published> published = server.journal().broadcasts("chat_42");

      assertThat(url.toString()).startsWith("ws://localhost:").endsWith("/cable"); // not in README
      assertThat(sessions).isEmpty(); // not in README
      assertThat(published).hasSize(1); // not in README
    }
  }
}
