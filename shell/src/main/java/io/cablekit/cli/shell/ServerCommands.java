package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.StubFileException;
import io.cablekit.mock.StubFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code broadcast}, and against a CableKit server {@code state}, {@code stubs}, {@code journal}, {@code stub}. */
final class ServerCommands {
  private final Shell shell;

  ServerCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("broadcast", List.of("bc"), "broadcast <stream> <json>",
        "Publish to a stream through the server's HTTP broadcast endpoint",
        """
        Posts {"stream":...,"data":"<json>"} to the endpoint the server reports (CableKit), else to
        port 8090 /_broadcast of the socket's host; shell --broadcast-url and --broadcast-key override.""",
        true, this::broadcast));
    table.add(CommandSpec.of("state", List.of("st"), "state [socket]",
        "What a CableKit server holds for a socket: identifiers, cstate, subscriptions with streams and istate",
        "Reads the server's inspection API (GET /_cablekit/sessions/{sid}).", false, this::state));
    table.add(CommandSpec.of("stubs", List.of(), "stubs", "List the mock RPC's stubs with their hit counts",
        "Reads the mock admin API the server names in /_cablekit/info (or shell --admin-url).", false, args -> stubs()));
    table.add(CommandSpec.of("journal", List.of("calls"), "journal [--limit N] [--server]",
        "The mock RPC's last calls and how it answered (--server: the server's own journal)", "",
        false, this::journal).options(Set.of("limit"), Set.of("server")));
    table.add(CommandSpec.of("stub", List.of("load"), "stub <file or directory>...",
        "Load stub files (YAML or JSON, docs/stub-files.md) into the mock RPC",
        "Each file is checked first; a problem anywhere loads nothing and names the file and line.", true, this::stub));
  }

  /** The URL of the current socket, else the shell's. */
  private URI target() throws ShellException {
    CableSocket s = shell.sockets().currentOrNull();
    if (s != null) {
      return s.spec().url();
    }
    if (shell.options().url() != null) {
      return Urls.websocket(shell.options().url());
    }
    throw new ShellException("no server yet: connect first");
  }

  private void broadcast(Args args) throws ShellException, InterruptedException {
    args.expect(2, 2, "broadcast <stream> <json>");
    String stream = args.positional().get(0).text();
    String data = JsonArgs.parse(args.positional().get(1).raw(), "broadcast data").toString();
    URI target = target();
    String[] url = new String[1];
    shell.recorded(new Step.Broadcasted(stream, data), () -> url[0] = shell.api().broadcast(target, stream, data));
    shell.out().note("broadcast to " + stream + " via " + url[0]);
  }

  private void state(Args args) throws ShellException {
    args.expect(0, 1, "state [socket]");
    CableSocket s = shell.sockets().get(args.positional().isEmpty() ? null : args.positional().get(0).text());
    if (s.sid() == null) {
      throw new ShellException(s.name() + " has no sid (no welcome arrived), so the server's session cannot be found");
    }
    JsonNode session = shell.api().session(s.spec().url(), s.sid());
    shell.out().info(s.name() + "  sid=" + s.sid() + "  identifiers " + session.path("identifiers").asText("-"));
    shell.out().info("  cstate " + session.path("cstate"));
    if (session.path("subscriptions").isEmpty()) {
      shell.out().info("  no subscriptions");
    }
    for (JsonNode sub : session.path("subscriptions")) {
      shell.out().info("  " + Renderer.channelLabel(sub.path("identifier").asText()) + "  streams " + sub.path("streams")
          + "  istate " + sub.path("istate"));
    }
  }

  private void stubs() throws ShellException {
    String admin = shell.api().mockAdmin(target());
    JsonNode answer = shell.api().adminGet(admin, "/stubs");
    if (answer.path("stubs").isEmpty()) {
      JsonNode health = shell.api().adminGet(admin, "/health");
      shell.out().info("no stubs loaded" + ("permissive".equals(health.path("mode").asText())
          ? ": the mock is permissive (every subscription confirmed, performs broadcast back)" : ""));
      return;
    }
    for (JsonNode stub : answer.path("stubs")) {
      JsonNode meta = answer.path("meta").path(stub.path("id").asText());
      JsonNode reply = stub.has("reply") ? stub.path("reply") : stub.path("replies");
      shell.out().info(stub.path("id").asText() + "  " + stub.path("match") + " -> " + reply
          + "  (hits " + meta.path("hits").asInt() + (meta.path("source").isTextual() ? ", " + meta.path("source").asText() : "") + ")");
    }
  }

  private void journal(Args args) throws ShellException {
    String limit = args.option("limit", "20");
    if (!limit.matches("\\d+")) {
      throw new ShellException("journal: --limit expects a number, got " + limit);
    }
    if (args.flag("server")) {
      for (JsonNode e : shell.api().serverJournal(target(), Integer.parseInt(limit))) {
        shell.out().info(e.toString());
      }
      return;
    }
    JsonNode calls = shell.api().adminGet(shell.api().mockAdmin(target()), "/calls?limit=" + limit).path("calls");
    if (calls.isEmpty()) {
      shell.out().info("no calls yet");
    }
    for (JsonNode c : calls) {
      shell.out().info(Journal.line(c));
    }
  }

  private void stub(Args args) throws ShellException {
    args.expect(1, Integer.MAX_VALUE, "stub <file or directory>...");
    String admin = shell.api().mockAdmin(target());
    List<io.cablekit.mock.Stub> all = new ArrayList<>();
    for (Words.Word w : args.positional()) {
      Path path = Path.of(w.text());
      if (!Files.exists(path)) {
        throw new ShellException("stub: no file " + path.toAbsolutePath());
      }
      try {
        all.addAll(StubFiles.load(path));
      } catch (StubFileException e) {
        throw new ShellException("stub: nothing loaded, " + path + " has problems:\n" + e.getMessage());
      }
    }
    JsonNode ids = shell.api().adminPost(admin, "/stubs", StubFiles.write(all, StubFiles.Format.JSON), "application/json");
    shell.out().note("loaded " + ids.path("ids").size() + " stub" + (ids.path("ids").size() == 1 ? "" : "s") + " into the mock: "
        + ids.path("ids"));
  }
}
