package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code record start <file>} / {@code record stop}: a {@code .java} file becomes a JUnit test of
 * the testkit; any other file a script for {@code shell --script}.
 */
final class RecordCommands {
  private final Shell shell;

  RecordCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("record", List.of("rec"), "record start <file> [--assert-all] [--force] | record stop | record",
        "Record the session as a JUnit test (.java) or a replayable script (any other extension)",
        """
        record start ChatTest.java writes, at record stop, a @CableTest class that replays the session:
        sockets and subscriptions open at the start, every connect, subscribe, perform, unsubscribe,
        whisper, history, raw, broadcast and close, and each met expect as an assertion
        (assertThat(subscription).receives(json(...)).within(...)). --assert-all also asserts every
        message that arrived. Against the embedded mock (or a CableKit whose mock admin API is
        reachable) the test carries the stubs the mock used, and calls the permissive default
        answered become explicit stubs; against any other server it runs in contract mode
        (@CableTest(rpcHost = ...)). The package comes from the path (.../src/test/java/com/acme/X.java).
        record start smoke.cablekit writes the commands instead: run it with shell --script=smoke.cablekit.""",
        false, this::record).options(Set.of(), Set.of("assert-all", "force")));
  }

  private void record(Args args) throws ShellException {
    args.expect(0, 2, "record start <file> [--assert-all] | record stop");
    String verb = args.positional().isEmpty() ? "status" : args.positional().get(0).text();
    switch (verb) {
      case "start" -> start(args);
      case "stop" -> stop();
      case "status" -> shell.out().info(shell.recording() == null ? "not recording" : "recording to " + shell.recording().file());
      default -> throw new ShellException("record: expected start or stop, got " + verb);
    }
  }

  private void start(Args args) throws ShellException {
    if (args.positional().size() != 2) {
      throw new ShellException("record start: missing the file\nusage: record start <file> [--assert-all]");
    }
    if (shell.recording() != null) {
      throw new ShellException("already recording to " + shell.recording().file() + "; record stop first");
    }
    Path file = Path.of(args.positional().get(1).text());
    if (Files.exists(file) && !args.flag("force")) {
      throw new ShellException(file + " exists; record start " + file + " --force overwrites it");
    }
    Recording rec = new Recording(file, args.flag("assert-all"));
    if (rec.junit()) {
      JavaNames.className(file);
      JavaNames.packageName(file);
    }
    snapshot(rec);
    shell.recording(rec);
    shell.out().note("recording to " + file + " (record stop writes it)");
  }

  /** What is open when the recording starts is where the replay starts. */
  private void snapshot(Recording rec) {
    for (CableSocket s : shell.sockets().all()) {
      if (!s.isOpen()) {
        continue;
      }
      rec.step(new Step.Connected(s.name(), s.spec(), s.sid(), s.sid() != null));
      rec.line(SocketCommands.scriptLine(s.name(), s.spec(), shell.options()));
      for (Map.Entry<String, CableSocket.Answer> e : s.subscriptions().entrySet()) {
        rec.step(new Step.Subscribed(s.name(), e.getKey(), e.getValue()));
        rec.line("subscribe " + e.getKey());
      }
    }
    CableSocket current = shell.sockets().currentOrNull();
    if (current != null && shell.sockets().all().size() > 1) {
      rec.line("use " + current.name());
    }
  }

  private void stop() throws ShellException {
    Recording rec = shell.recording();
    if (rec == null) {
      throw new ShellException("not recording (record start <file> first)");
    }
    shell.recording(null);
    String text = rec.junit() ? junit(rec) : ScriptWriter.write(rec, shell.options());
    try {
      Path parent = rec.file().toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(rec.file(), text);
    } catch (IOException e) {
      throw new ShellException("record: cannot write " + rec.file() + ": " + e.getMessage());
    }
    shell.out().note("wrote " + rec.file() + (rec.junit()
        ? ": a JUnit 5 test of io.cablekit:cablekit-testkit (its Javadoc says how to run it)"
        : ": run it with java -jar cablekit.jar shell --script=" + rec.file()));
  }

  private String junit(Recording rec) throws ShellException {
    URI url = rec.steps().stream().filter(s -> s instanceof Step.Connected).map(s -> ((Step.Connected) s).spec().url())
        .findFirst().orElse(null);
    Set<String> sids = new TreeSet<>();
    rec.steps().forEach(s -> {
      if (s instanceof Step.Connected c && c.sid() != null) {
        sids.add(c.sid());
      }
    });
    TestWriter writer = new TestWriter(rec, JavaNames.packageName(rec.file()), JavaNames.className(rec.file()), url);
    if (url == null) {
      return writer.withStubs("stubs: []\n");
    }
    String admin;
    try {
      admin = shell.api().mockAdmin(url);
    } catch (ShellException e) {
      return writer.contract(rpcHost(url));
    }
    JsonNode stubs = shell.api().adminGet(admin, "/stubs");
    JsonNode calls = shell.api().adminGet(admin, "/calls");
    return writer.withStubs(StubDerivation.yaml(stubs, calls, sids));
  }

  /** The RPC server a CableKit server calls, or anycable-go's default. */
  private String rpcHost(URI url) {
    try {
      String rpc = shell.api().info(url).path("rpc").asText("");
      return rpc.isEmpty() ? "localhost:50051" : rpc;
    } catch (ShellException e) {
      return "localhost:50051";
    }
  }
}
