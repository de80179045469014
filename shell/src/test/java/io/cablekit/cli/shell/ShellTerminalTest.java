package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a virtual xterm fed with keystrokes (Tab, Enter, multi-line JSON),
 * against a real server and mock: what a developer sees.
 */
class ShellTerminalTest {
  static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  private CableFixture cable;
  private PipedOutputStream keys;
  private Captured screen;
  private Terminal terminal;
  private CompletableFuture<Integer> exit;

  @BeforeEach
  void start() throws IOException {
    cable = new CableFixture();
    keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
    screen = new Captured();
    terminal = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm-256color").size(new Size(200, 50)).build();
    ShellOptions options = ShellOptions.parse(List.of("--url=" + cable.url(), "--history=" + dir.resolve("history")));
    exit = CompletableFuture.supplyAsync(() -> Interactive.run(options, terminal, "test banner"));
  }

  @AfterEach
  void stop() throws IOException {
    terminal.close();
    cable.close();
  }

  private void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  @Test
  void twoSocketsSubscribeWithTabCompletionHearABroadcastAndUnsubscribe() throws Exception {
    screen.await("s1 welcome sid=", WAIT);
    type("stub " + ShellSessionTest.resource("chat-stubs.yml") + "\r");
    screen.await("loaded 3 stubs into the mock", WAIT);

    type("subscribe Cha\t");
    screen.await("subscribe ChatChannel", WAIT);
    type("{\"room\": \"1\"}\r");
    screen.await("s1 ChatChannel room=1 subscribed", WAIT);

    type("connect --as bob\r");
    screen.await("bob welcome sid=", WAIT);
    type("subscribe ChatChannel {\r  \"room\": \"1\"\r}\r");
    screen.await("bob ChatChannel room=1 subscribed", WAIT);

    type("use s\t\r");
    screen.await("using s1", WAIT);
    type("perform sp\t{\"text\": \"hello\"}\r");
    screen.await("s1 ChatChannel room=1 {\"text\": \"hello\", \"from\": \"", WAIT);
    screen.await("bob ChatChannel room=1 {\"text\": \"hello\", \"from\": \"", WAIT);

    type("use bob\runsubscribe Ch\t\r");
    screen.await("bob unsubscribed from ChatChannel room=1", WAIT);
    type("subscriptions\r");
    screen.await("bob has no subscriptions", WAIT);

    type("subscirbe NewsChannel\r");
    screen.await("unknown command \"subscirbe\"; did you mean subscribe?", WAIT);

    type("quit\r");
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(Files.readString(dir.resolve("history")))
        .contains("subscribe ChatChannel {\"room\": \"1\"}")
        .contains("perform speak {\"text\": \"hello\"}");
  }

  @Test
  void framesArrivingWhileTypingDoNotGarbleTheInputLine() throws Exception {
    screen.await("s1 welcome sid=", WAIT);
    type("subscribe ChatChannel room:9\r");
    screen.await("s1 ChatChannel room=9 subscribed", WAIT);
    type("perform sp");
    cable.server.broadcast("ChatChannel:room=9", "{\"text\":\"meanwhile\"}");
    screen.await("s1 ChatChannel room=9 {\"text\": \"meanwhile\"}", WAIT);
    // the half-typed line is drawn again below the frame and finishes as typed
    type("eak text:done\r");
    screen.await("s1 ChatChannel room=9 {\"text\": \"done\", \"action\": \"speak\"}", WAIT);
    String text = screen.text();
    assertThat(text.substring(text.indexOf("meanwhile"))).contains("s1 ChatChannel room=9> perform sp");
    type("quit\r");
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }
}
