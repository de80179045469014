package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The errors a user meets most, each as a whole message. */
class CommandErrorsTest {
  private final ShellHarness shell = new ShellHarness(ShellOptions.defaults());

  @AfterEach
  void close() {
    shell.close();
  }

  @Test
  void unknownCommandNamesTheClosest() throws Exception {
    assertThat(shell.fails("subscirbe ChatChannel"))
        .isEqualTo("unknown command \"subscirbe\"; did you mean subscribe? (help lists the commands)");
    assertThat(shell.fails("unsubscrib")).isEqualTo("unknown command \"unsubscrib\"; did you mean unsubscribe? (help lists the commands)");
    assertThat(shell.fails("frobnicate")).isEqualTo("unknown command \"frobnicate\" (help lists the commands)");
  }

  @Test
  void unknownOptionNamesTheClosest() throws Exception {
    assertThat(shell.fails("expect {} --withn 2s")).isEqualTo("expect: unknown option --withn; did you mean --within?");
  }

  @Test
  void invalidJsonShowsWhereItBroke() throws Exception {
    assertThat(shell.fails("expect {\"room\": 1,}")).isEqualTo("""
        invalid JSON in expect pattern at line 1, column 12: Unexpected character ('}' (code 125)): was expecting double-quote to start field name
          {"room": 1,}
                     ^""");
    assertThat(shell.fails("broadcast chat {\"a\":\n  tru}")).isEqualTo("""
        invalid JSON in broadcast data at line 2, column 3: Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
            tru}
            ^""");
  }

  @Test
  void badUrlSaysWhatIsWrong() throws Exception {
    assertThat(shell.fails("connect ftp://example.com/cable"))
        .isEqualTo("bad URL \"ftp://example.com/cable\": the scheme must be ws, wss, http or https, not ftp");
    assertThat(shell.fails("connect ws://")).isEqualTo("bad URL \"ws://\": Expected authority at index 5");
    assertThat(shell.fails("connect ws://:8080/cable")).isEqualTo("bad URL \"ws://:8080/cable\": no host (write it as ws://host:port/cable)");
  }

  @Test
  void urlsAreCompletedAsAcliDoes() throws Exception {
    assertThat(Urls.websocket("localhost:8080").toString()).isEqualTo("ws://localhost:8080/cable");
    assertThat(Urls.websocket("https://example.com").toString()).isEqualTo("wss://example.com/cable");
    assertThat(Urls.websocket("http://127.0.0.1:3334/ws?token=x").toString()).isEqualTo("ws://127.0.0.1:3334/ws?token=x");
  }

  @Test
  void unreachableServerSaysConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(shell.fails("connect 127.0.0.1:" + port)).isEqualTo(
        "cannot connect to ws://127.0.0.1:" + port + "/cable: connection refused (is the server running on 127.0.0.1:" + port + "?)");
  }

  @Test
  void commandsThatNeedASocketSaySo() throws Exception {
    assertThat(shell.fails("subscribe ChatChannel")).isEqualTo("no socket: connect first (connect [ws://host:port/cable])");
    assertThat(shell.fails("use bob")).isEqualTo("no socket named bob (none is open)");
  }

  @Test
  void missingArgumentsShowTheUsage() throws Exception {
    assertThat(shell.fails("broadcast chat")).isEqualTo("broadcast: missing argument\nusage: broadcast <stream> <json>");
  }

  @Test
  void helpExplainsEachCommand() throws Exception {
    shell.run("help");
    shell.await("subscribe     Subscribe the current socket to a channel and wait for the answer");
    shell.run("help perform");
    shell.await("usage: perform [#n | Channel | identifier] <action> [json data | key:value ...]");
    shell.await("aliases: p, \\p");
    assertThat(shell.fails("help subscibe")).isEqualTo("unknown command \"subscibe\"; did you mean subscribe? (help lists the commands)");
  }
}
