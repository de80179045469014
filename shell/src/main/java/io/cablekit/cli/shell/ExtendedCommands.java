package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code whisper} and {@code history}: commands of the extended protocol {@code
 * actioncable-v1-ext-json} (PROTOCOL.md 3.6.5 and 3.6.2), sent only on sockets that negotiated it.
 */
final class ExtendedCommands {
  private final Shell shell;

  ExtendedCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("whisper", List.of("w"), "whisper [#n | Channel | identifier] <json>",
        "Send data to the other clients of a subscription's whisper stream (extended protocol)",
        """
        Sends {"command":"whisper","identifier":...,"data":<json>} (PROTOCOL.md 3.6.5). Needs a socket
        connected with --protocol actioncable-v1-ext-json to a server that accepted it.""",
        true, this::whisper));
    table.add(CommandSpec.of("history", List.of("\\h"),
        "history [#n | Channel | identifier] [--since 10m|<unix seconds>] [--offset N] [--stream s --epoch e]",
        "Ask for the messages a subscription missed (extended protocol)",
        """
        Sends {"command":"history","identifier":...,"history":{"since":...,"streams":{...}}} (PROTOCOL.md
        3.6.2). --offset N asks from offset N of the last stream seen (ACLI's offset:N); without
        --since or --offset the last positions seen on the subscription's streams are used.""",
        true, this::history).options(Set.of("since", "offset", "stream", "epoch"), Set.of()));
  }

  private static void requireExtended(CableSocket socket, String command) throws ShellException {
    if (!ConnectSpec.EXT_PROTOCOL.equals(socket.protocol())) {
      throw new ShellException(command + " needs the extended protocol " + ConnectSpec.EXT_PROTOCOL + ", but " + socket.name()
          + " negotiated " + (socket.protocol() == null ? "no sub-protocol" : socket.protocol())
          + (socket.spec().protocols().contains(ConnectSpec.EXT_PROTOCOL)
              ? " (the server did not accept " + ConnectSpec.EXT_PROTOCOL + ")"
              : "; connect with --protocol " + ConnectSpec.EXT_PROTOCOL + " to a server that speaks it"));
    }
  }

  private void whisper(Args args) throws ShellException, InterruptedException {
    args.expect(1, 2, "whisper [#n | Channel | identifier] <json>");
    CableSocket socket = shell.sockets().current();
    List<Words.Word> words = args.positional();
    JsonNode data = JsonArgs.parse(words.get(words.size() - 1).raw(), "whisper data");
    String identifier = Targets.subscription(socket, words.size() == 2 ? words.get(0).raw() : null);
    requireExtended(socket, "whisper");
    ObjectNode frame = Json.MAPPER.createObjectNode().put("command", "whisper").put("identifier", identifier);
    frame.set("data", data);
    send(socket, frame.toString());
  }

  private void history(Args args) throws ShellException, InterruptedException {
    args.expect(0, 1, "history [#n | Channel | identifier] [--since 10m|<unix seconds>] [--offset N] [--stream s --epoch e]");
    CableSocket socket = shell.sockets().current();
    String identifier = Targets.subscription(socket, args.positional().isEmpty() ? null : args.positional().get(0).raw());
    requireExtended(socket, "history");
    ObjectNode history = request(socket, identifier, args);
    ObjectNode frame = Json.MAPPER.createObjectNode().put("command", "history").put("identifier", identifier);
    frame.set("history", history);
    send(socket, frame.toString());
  }

  /** The {@code history} object of the request (PROTOCOL.md 3.6.2). */
  static ObjectNode request(CableSocket socket, String identifier, Args args) throws ShellException {
    ObjectNode history = Json.MAPPER.createObjectNode();
    String since = args.option("since", null);
    if (since != null) {
      history.put("since", since.matches("\\d{9,}") ? Long.parseLong(since)
          : Instant.now().minus(JsonArgs.duration(since, "history --since")).getEpochSecond());
    }
    ObjectNode streams = Json.MAPPER.createObjectNode();
    String stream = args.option("stream", null);
    String offset = args.option("offset", null);
    if (offset != null && !offset.matches("\\d+")) {
      throw new ShellException("history: --offset expects a number, got " + offset);
    }
    List<CableSocket.StreamPosition> seen = socket.positions(identifier);
    if (stream != null) {
      streams.putObject(stream).put("epoch", args.option("epoch", "")).put("offset", offset == null ? 0 : Long.parseLong(offset));
    } else if (offset != null) {
      if (seen.isEmpty()) {
        throw new ShellException("history: no stream position seen on " + Renderer.channelLabel(identifier) + " yet; use --since or --stream");
      }
      CableSocket.StreamPosition last = seen.get(seen.size() - 1);
      streams.putObject(last.stream()).put("epoch", last.epoch()).put("offset", Long.parseLong(offset));
    } else if (since == null) {
      if (seen.isEmpty()) {
        throw new ShellException("history: give --since (e.g. --since 5m): no stream position seen on " + Renderer.channelLabel(identifier) + " yet");
      }
      seen.forEach(p -> streams.putObject(p.stream()).put("epoch", p.epoch()).put("offset", p.offset()));
    }
    if (!streams.isEmpty()) {
      history.set("streams", streams);
    }
    return history;
  }

  private void send(CableSocket socket, String frame) throws ShellException, InterruptedException {
    shell.recorded(new Step.Sent(socket.name(), frame), () -> socket.send(frame));
  }
}
