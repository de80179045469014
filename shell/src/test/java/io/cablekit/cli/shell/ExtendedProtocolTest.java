package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** whisper and history send the extended protocol's frames (PROTOCOL.md 3.6.5, 3.6.2). */
class ExtendedProtocolTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String ID = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";

  @Test
  void whisperSendsItsDataAsJson() throws Exception {
    try (ExtendedServer server = new ExtendedServer(); ShellHarness shell = new ShellHarness(server.url())) {
      shell.run("connect --protocol actioncable-v1-ext-json").await("sub-protocol: actioncable-v1-ext-json");
      shell.run("subscribe ChatChannel room:1");
      shell.run("whisper {\"typing\": true}");
      assertThat(server.awaitFrame("whisper", WAIT))
          .isEqualTo("{\"command\":\"whisper\",\"identifier\":" + io.cablekit.protocol.Json.quote(ID) + ",\"data\":{\"typing\":true}}");
    }
  }

  @Test
  void historyAsksFromTheLastPositionsSeenOrSince() throws Exception {
    try (ExtendedServer server = new ExtendedServer(); ShellHarness shell = new ShellHarness(server.url())) {
      shell.run("connect --protocol actioncable-v1-ext-json").run("subscribe ChatChannel room:1");
      server.send("{\"identifier\":" + io.cablekit.protocol.Json.quote(ID) + ",\"message\":{\"text\":\"x\"},\"stream_id\":\"chat_1\",\"epoch\":\"ab12\",\"offset\":7}");
      shell.await("s1 ChatChannel room=1 {\"text\":\"x\"}  (stream chat_1, epoch ab12, offset 7)");

      shell.run("history");
      assertThat(server.awaitFrame("history", WAIT)).isEqualTo("{\"command\":\"history\",\"identifier\":" + io.cablekit.protocol.Json.quote(ID)
          + ",\"history\":{\"streams\":{\"chat_1\":{\"epoch\":\"ab12\",\"offset\":7}}}}");
      shell.run("history --offset 3");
      assertThat(server.awaitFrame("history", WAIT)).contains("\"history\":{\"streams\":{\"chat_1\":{\"epoch\":\"ab12\",\"offset\":3}}}");

      long before = Instant.now().minusSeconds(600).getEpochSecond();
      shell.run("history --since 10m");
      String since = server.awaitFrame("history", WAIT);
      long sent = Long.parseLong(since.replaceAll(".*\"since\":(\\d+).*", "$1"));
      assertThat(sent).isBetween(before, before + 5);

      server.send("{\"type\":\"confirm_history\",\"identifier\":" + io.cablekit.protocol.Json.quote(ID) + "}");
      shell.await("s1 ChatChannel room=1 history confirmed");
    }
  }
}
