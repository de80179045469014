package io.cablekit.cli;

import static io.cablekit.mock.Matchers.matching;
import static io.cablekit.mock.Matchers.present;
import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.broadcast;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.mock.Replies.reject;
import static io.cablekit.mock.Replies.transmit;
import static io.cablekit.testkit.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.RequestPattern;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.SessionInfo;
import io.cablekit.testkit.CableAssertions;
import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  @Test
  void mockingTheRpcServerInJava() {
    try (MockRpc rpc = MockRpc.start()) { // strict: a call no stub matches is an error
      rpc.onConnect().withCookie("uid", present()).reply(accept(Map.of("user", "{{cookies.uid}}")));
      rpc.onConnect().priority(10).reply(reject()); // 1 is the highest priority, 5 the default
      rpc.onSubscribe("ChatChannel").withParams(Map.of("room", matching("\\d+")))
          .reply(confirm().streamFrom("chat_{{params.room}}").istate("room", "{{params.room}}"));
      rpc.onPerform("ChatChannel", "speak").reply(broadcast("chat_{{params.room}}", data -> data));
      rpc.onPerform("ChatChannel", "typing").reply(transmit(Map.of("typing", true)));

      // point a server at rpc.target() (gRPC) or rpc.httpUrl() (HTTP RPC), run the app, then:
      try (TestCable cable = TestCable.builder().rpcHost(rpc.target()).start()) { // not in README
        rpc.broadcaster(cable.server()::broadcast); // not in README
        CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "26")); // not in README
        Subscription chat = alice.subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed(); // not in README
        CableAssertions.assertThat(chat).hasIstate("room", "42"); // not in README
        chat.perform("speak", Map.of("text", "hi")); // not in README
        CableAssertions.assertThat(chat).receivesBroadcast(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(5)); // not in README
        chat.perform("typing", Map.of()); // not in README
        CableAssertions.assertThat(chat).receivesTransmission(json("{\"typing\":true}")).within(Duration.ofSeconds(5)); // not in README
        CableAssertions.assertThat(cable.clients().connecting(ConnectOptions.defaults())).isRejectedWith("unauthorized"); // not in README
      } // not in README
      rpc.verify(1, RequestPattern.perform("ChatChannel", "speak").withData(Map.of("text", "hi")));
      rpc.assertNoUnmatched();
    }
  }
}
