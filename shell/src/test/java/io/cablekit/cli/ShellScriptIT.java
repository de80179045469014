package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cablekit shell} in scripted mode, run from the packaged JAR: a script is a CI smoke test. */
class ShellScriptIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Path script(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aScriptWhoseExpectationsAreMetExitsZero() throws Exception {
    Path smoke = script("smoke.cablekit", """
        # two sockets on the embedded server hear one another
        connect --as alice
        subscribe ChatChannel {"room": "1"}
        connect --as bob
        subscribe ChatChannel {
          "room": "1"
        }
        use alice
        perform speak {"text": "hello"}
        expect {"text": "hello"} --within 5s
        expect {"text": "hello"} --socket bob --within 5s
        broadcast ChatChannel:room=1 {"text": "over http"}
        expect {"text": "over http"} --socket bob --within 5s
        unsubscribe
        """);
    try (CableKitProcess shell = CableKitProcess.start("shell", "--embedded", "--script=" + smoke)) {
      assertThat(shell.awaitExit(WAIT)).as(String.join("\n", shell.output())).isZero();
      assertThat(shell.output())
          .contains("> perform speak {\"text\": \"hello\"}")
          .contains("expect met on bob: {\"text\":\"over http\"}")
          .contains("alice unsubscribed from ChatChannel room=1")
          // the embedded server runs with the memory broker: messages carry their stream position
          .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} bob ChatChannel room=1 \\{\"text\":\"hello\",\"action\":\"speak\"}"
              + "  \\(stream ChatChannel:room=1, epoch [a-z0-9]{4}, offset 1\\)"));
    }
  }

  @Test
  void anExpectationThatIsNotMetExitsNonZeroShowingWhatArrivedInstead() throws Exception {
    Path failing = script("failing.cablekit", """
        connect
        subscribe ChatChannel room:1
        perform speak text:hello
        expect {"text": "bye"} --within 500ms
        perform speak text:never-sent
        """);
    try (CableKitProcess shell = CableKitProcess.start("shell", "--embedded", "--script=" + failing)) {
      assertThat(shell.awaitExit(WAIT)).isEqualTo(1);
      String output = String.join("\n", shell.output());
      assertThat(output).contains("error: failing.cablekit:4: expect failed on s1: no message matching\n"
          + "  {\"text\":\"bye\"}\n"
          + "within 500ms. Arrived instead:\n"
          + "  ChatChannel room=1 {\"text\":\"hello\",\"action\":\"speak\"}   <- text: expected \"bye\" but was \"hello\"");
      assertThat(output).doesNotContain("never-sent");
    }
  }

  @Test
  void commandsOnStdinRunAsAScript() throws Exception {
    Path input = script("stdin.txt", """
        connect
        subscribe NewsChannel
        broadcast NewsChannel {"headline": "CableKit ships"}
        expect {"headline": "CableKit ships"} --within 5s
        quit
        """);
    List<String> command = new ArrayList<>(List.of(System.getProperty("cablekit.java", "java"), "--enable-native-access=ALL-UNNAMED",
        "-jar", System.getProperty("cablekit.jar", "target/cablekit.jar"), "shell", "--embedded"));
    Process process = new ProcessBuilder(command).redirectInput(input.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("expect met on s1: {\"headline\":\"CableKit ships\"}");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aMistypedFlagNamesTheClosest() throws Exception {
    try (CableKitProcess shell = CableKitProcess.start("shell", "--embeded")) {
      assertThat(shell.awaitExit(WAIT)).isEqualTo(2);
      assertThat(shell.output()).contains("cablekit shell: unknown flag --embeded; did you mean --embedded?");
    }
  }
}
