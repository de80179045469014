package io.cablekit.cli.shell;

import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.StubFiles;
import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.CableTest;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What {@code record start RecordedChatTest.java} wrote for the README's shell session (two
 * sockets against {@code shell --embedded}, a perform heard by both, an unsubscribe), kept here so
 * the README's copy of it compiles and passes.
 */
@CableTest
class RecordedChatTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  /** The stubs the mock answered with during the session. */
  static final String STUBS = """
      stubs:
        - match:
            "on": subscribe
            channel: ChatChannel
            params:
              $eq:
                room: "1"
          reply:
            confirm: true
            stream_from:
              - ChatChannel:room=1
        - match:
            "on": perform
            channel: ChatChannel
            params:
              $eq:
                room: "1"
            action: speak
          reply:
            broadcast:
              - stream: ChatChannel:room=1
                data: "{{data}}"
      """;

  @Test
  void replaysTheRecordedSession(TestCable cable) throws Exception {
    cable.rpc().replaceStubs(StubFiles.parse(STUBS, "RecordedChatTest.yml"));

    CableClient alice = cable.connect();
    Subscription aliceChatChannel = alice.subscribeIdentifier("{\"channel\":\"ChatChannel\",\"room\":\"1\"}").awaitConfirmed();
    CableClient bob = cable.connect();
    Subscription bobChatChannel = bob.subscribeIdentifier("{\"channel\":\"ChatChannel\",\"room\":\"1\"}").awaitConfirmed();
    aliceChatChannel.performRaw("{\"text\":\"hi\",\"action\":\"speak\"}");
    assertThat(aliceChatChannel).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
    assertThat(bobChatChannel).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
    bobChatChannel.unsubscribe();
  }
}
