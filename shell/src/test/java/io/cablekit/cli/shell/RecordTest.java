package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Replies;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** record start/stop: the written JUnit test compiles and passes; the written script replays. */
class RecordTest {
  @TempDir Path dir;

  @Test
  void recordedSessionAgainstThePermissiveMockBecomesAPassingTest() throws Exception {
    Path file = dir.resolve("src/test/java/com/example/chat/ChatSessionTest.java");
    try (CableFixture cable = new CableFixture(); ShellHarness shell = new ShellHarness(cable.url())) {
      shell.run("connect --as alice").run("subscribe ChatChannel room:1");
      shell.run("record start " + file + " --assert-all");
      shell.run("connect --as bob --cookie uid=7 -H X-Trace:abc").run("expect {\"type\":\"welcome\"}");
      shell.run("subscribe ChatChannel {\"room\": \"1\"}");
      shell.run("use alice").run("perform speak {\"text\": \"hi\"}");
      shell.run("expect {\"text\":\"hi\"}").run("expect {\"text\":\"hi\"} --socket bob");
      shell.run("broadcast ChatChannel:room=1 {\"text\": \"news\"}").run("expect {\"text\":\"news\"} --socket bob");
      shell.run("unsubscribe").run("close bob").run("record stop");
      shell.await("wrote " + file);
    }
    String source = Files.readString(file);
    assertThat(source)
        .startsWith("package com.example.chat;")
        .contains("@CableTest\nclass ChatSessionTest {")
        .contains("CableClient bob = cable.connect(ConnectOptions.defaults().header(\"X-Trace\", \"abc\").cookie(\"uid\", \"7\"));")
        .contains("Subscription aliceChatChannel = alice.subscribeIdentifier(\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"1\\\"}\").awaitConfirmed();")
        .contains("aliceChatChannel.performRaw(\"{\\\"text\\\":\\\"hi\\\",\\\"action\\\":\\\"speak\\\"}\");")
        .contains("assertThat(bobChatChannel).receives(json(\"{\\\"text\\\":\\\"hi\\\"}\")).within(Duration.ofSeconds(2));")
        .contains("assertThat(bob).receives(json(\"{\\\"type\\\":\\\"welcome\\\"}\")).within(Duration.ofSeconds(2));")
        .contains("cable.broadcast(\"ChatChannel:room=1\", \"{\\\"text\\\":\\\"news\\\"}\");")
        .containsPattern("stream_from:\\s+- ChatChannel:room=1")
        .contains("aliceChatChannel.unsubscribe();")
        .contains("bob.close();");
    assertPasses(file, "com.example.chat.ChatSessionTest");
  }

  @Test
  void writesExactlyTheTestTheReadmeShows() throws Exception {
    Path file = dir.resolve("RecordedChatTest.java");
    try (CableFixture cable = new CableFixture(); ShellHarness shell = new ShellHarness(cable.url())) {
      shell.run("record start " + file);
      shell.run("connect --as alice").run("subscribe ChatChannel room:1");
      shell.run("connect --as bob").run("subscribe ChatChannel room:1");
      shell.run("use alice").run("perform speak text:hi");
      shell.run("expect {\"text\":\"hi\"}").run("expect {\"text\":\"hi\"} --socket bob");
      shell.run("use bob").run("unsubscribe").run("record stop");
    }
    String golden = Files.readString(Path.of("src/test/java/io/cablekit/cli/shell/RecordedChatTest.java"));
    String written = Files.readString(file);
    assertThat(written.substring(written.indexOf("\n@CableTest"))).isEqualTo(golden.substring(golden.indexOf("\n@CableTest")));
  }

  @Test
  void recordedTestCarriesTheStubsTheMockUsed() throws Exception {
    Path file = dir.resolve("StubbedChatTest.java");
    try (CableFixture cable = new CableFixture(); ShellHarness shell = new ShellHarness(cable.url())) {
      shell.run("stub " + ShellSessionTest.resource("chat-stubs.yml"));
      shell.run("record start " + file);
      shell.run("connect").run("subscribe ChatChannel room:5").run("perform speak text:stubbed");
      shell.run("expect {\"text\":\"stubbed\",\"from\":{\"$any\":true}}");
      shell.run("record stop");
    }
    String source = Files.readString(file);
    assertThat(source).doesNotStartWith("package").contains("chat_{{params.room}}").contains("from: \"{{sid}}\"");
    assertPasses(file, "StubbedChatTest");
  }

  @Test
  void againstAServerWithoutAMockAdminTheTestRunsInContractMode() throws Exception {
    Path file = dir.resolve("ContractChatTest.java");
    try (MockRpc app = MockRpc.start(MockRpcConfig.builder().build());
        CableServer server = CableServer.start(CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(app.target()).build());
        ShellHarness shell = new ShellHarness(server.url().toString())) {
      // stands in for the application's RPC server
      app.onSubscribe("ChatChannel").reply(Replies.confirm().streamFrom("chat"));
      app.onPerform("ChatChannel", "speak").reply(Replies.transmit(Map.of("text", "{{data.text}}")));
      shell.run("record start " + file);
      shell.run("connect").run("subscribe ChatChannel room:1").run("perform speak text:contract").run("expect {\"text\":\"contract\"}");
      shell.run("record stop");
      String source = Files.readString(file);
      assertThat(source).contains("@CableTest(rpcHost = \"grpc://" + app.target() + "\")").doesNotContain("STUBS");
      // the "application" is still running: the contract test passes against it
      assertPasses(file, "ContractChatTest");
    }
  }

  @Test
  void recordedScriptReplaysGreen() throws Exception {
    Path script = dir.resolve("smoke.cablekit");
    try (CableFixture cable = new CableFixture()) {
      try (ShellHarness shell = new ShellHarness(cable.url())) {
        shell.run("connect");
        shell.run("record start " + script);
        shell.run("subscribe ChatChannel {\"room\": \"2\"}").run("perform speak text:again");
        shell.run("expect {\"text\":\"again\"}").run("record stop");
      }
      assertThat(Files.readAllLines(script)).containsSubsequence(
          "connect --as s1", "subscribe {\"channel\":\"ChatChannel\",\"room\":\"2\"}", "perform speak text:again", "expect {\"text\":\"again\"}");
      Captured out = new Captured();
      try (BufferedReader in = Files.newBufferedReader(script)) {
        int code = ShellRunner.scripted(ShellOptions.defaults().withUrl(cable.url()), in, "smoke.cablekit", out.printStream(), out.printStream());
        assertThat(code).as(out.text()).isZero();
      }
      assertThat(out.text()).contains("expect met on s1: {\"text\":\"again\",\"action\":\"speak\"}");
    }
  }

  @Test
  void refusesAFileThatCannotHoldAClassAndAnExistingFile() throws Exception {
    try (ShellHarness shell = new ShellHarness(ShellOptions.defaults())) {
      assertThat(shell.fails("record start " + dir.resolve("chat-session.java")))
          .isEqualTo("record: chat-session.java cannot hold a Java class: name the file like ChatSessionTest.java");
      Files.writeString(dir.resolve("Taken.java"), "");
      assertThat(shell.fails("record start " + dir.resolve("Taken.java")))
          .isEqualTo(dir.resolve("Taken.java") + " exists; record start " + dir.resolve("Taken.java") + " --force overwrites it");
      assertThat(shell.fails("record stop")).isEqualTo("not recording (record start <file> first)");
    }
  }

  private void assertPasses(Path source, String className) throws Exception {
    Class<?> test = RecordedTests.compile(source, dir.resolve("classes"), className);
    EngineExecutionResults results = RecordedTests.run(test);
    List<Throwable> failures = results.testEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable()).orElse(null))
        .toList();
    assertThat(failures).as("failures of the recorded test:\n%s", Files.readString(source)).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
  }
}
