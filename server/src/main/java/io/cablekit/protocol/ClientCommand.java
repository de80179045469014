package io.cablekit.protocol;

/**
 * A command a client sends over the Action Cable protocol (PROTOCOL.md 3.3), decoded by {@link
 * ClientCommands#decode(String)} and encoded by {@link ClientCommands#encode(ClientCommand)}.
 *
 * <p>Identifiers are opaque strings: two identifiers that differ only in key order are different
 * subscriptions.
 */
public sealed interface ClientCommand {

  /** The {@code command} value on the wire. */
  String command();

  /**
   * {@code {"command":"subscribe","identifier":...}}; in the extended protocol it may carry a
   * {@code history} request, answered after the confirmation (PROTOCOL.md 3.6.2).
   *
   * @param history the history request, or null
   */
  record Subscribe(String identifier, HistoryRequest history) implements ClientCommand {
    public Subscribe {
      identifier = identifier == null ? "" : identifier;
    }

    public Subscribe(String identifier) {
      this(identifier, null);
    }

    @Override
    public String command() {
      return "subscribe";
    }
  }

  /** {@code {"command":"unsubscribe","identifier":...}}. */
  record Unsubscribe(String identifier) implements ClientCommand {
    public Unsubscribe {
      identifier = identifier == null ? "" : identifier;
    }

    @Override
    public String command() {
      return "unsubscribe";
    }
  }

  /**
   * {@code {"command":"message","identifier":...,"data":"<json text>"}}: a channel action
   * ("perform" in the JavaScript clients). {@code data} must be a JSON string on the wire; when it
   * was anything else, {@link #data()} is null and {@link #problem()} says what it was.
   */
  record Message(String identifier, String data, String problem) implements ClientCommand {
    public Message {
      identifier = identifier == null ? "" : identifier;
    }

    /** A well-formed message whose data is the given JSON text. */
    public Message(String identifier, String data) {
      this(identifier, data, null);
    }

    @Override
    public String command() {
      return "message";
    }
  }

  /** {@code {"command":"ping"}}: answered with {@code {"type":"pong"}}. */
  record Ping() implements ClientCommand {
    @Override
    public String command() {
      return "ping";
    }
  }

  /** {@code {"command":"pong"}}: the extended protocol's keepalive answer. */
  record Pong() implements ClientCommand {
    @Override
    public String command() {
      return "pong";
    }
  }

  /**
   * {@code {"command":"history","identifier":...,"history":{...}}}: the extended protocol's
   * request for the messages a subscription missed (PROTOCOL.md 3.6.2).
   */
  record History(String identifier, HistoryRequest history) implements ClientCommand {
    public History {
      identifier = identifier == null ? "" : identifier;
    }

    @Override
    public String command() {
      return "history";
    }
  }

  /**
   * {@code {"command":"whisper","identifier":...,"data":<any JSON>}}: a message to the other
   * clients of the subscription's whisper stream (PROTOCOL.md 3.6.5).
   *
   * @param data the {@code data} value as JSON text, as the client sent it ({@code null} JSON
   *     when it was missing)
   */
  record Whisper(String identifier, String data) implements ClientCommand {
    public Whisper {
      identifier = identifier == null ? "" : identifier;
      data = data == null ? "null" : data;
    }

    @Override
    public String command() {
      return "whisper";
    }
  }

  /**
   * {@code {"command":"join","identifier":...,"presence":{"id":"<pid>","info":<any>}}}: the
   * session is present on the subscription's presence stream (PROTOCOL.md 3.6.6).
   *
   * @param info the {@code info} value as JSON text ({@code null} JSON when missing)
   */
  record Join(String identifier, String presenceId, String info) implements ClientCommand {
    public Join {
      identifier = identifier == null ? "" : identifier;
      presenceId = presenceId == null ? "" : presenceId;
      info = info == null ? "null" : info;
    }

    @Override
    public String command() {
      return "join";
    }
  }

  /** {@code {"command":"leave","identifier":...,"presence":{"id":"<pid>"}}}. */
  record Leave(String identifier, String presenceId) implements ClientCommand {
    public Leave {
      identifier = identifier == null ? "" : identifier;
      presenceId = presenceId == null ? "" : presenceId;
    }

    @Override
    public String command() {
      return "leave";
    }
  }

  /**
   * {@code {"command":"presence","identifier":...,"data":{"return_records":true}}}: asks who is
   * present on the subscription's presence stream.
   */
  record PresenceInfo(String identifier, boolean returnRecords) implements ClientCommand {
    public PresenceInfo {
      identifier = identifier == null ? "" : identifier;
    }

    @Override
    public String command() {
      return "presence";
    }
  }

  /**
   * The {@code history} object of the extended protocol: messages since a Unix time in seconds
   * for streams not listed, and after a known position for the listed ones.
   *
   * @param since Unix time in seconds, or 0 when absent
   * @param streams stream name to the last position the client has seen
   */
  record HistoryRequest(long since, java.util.Map<String, StreamPosition> streams) {
    public HistoryRequest {
      streams = streams == null ? java.util.Map.of() : java.util.Map.copyOf(streams);
    }
  }

  /** A position in a stream's history: the broker's epoch and the offset of a message. */
  record StreamPosition(String epoch, long offset) {
    public StreamPosition {
      epoch = epoch == null ? "" : epoch;
    }
  }

  /** A well-formed frame whose command this server does not handle; it is logged and ignored. */
  record Unknown(String command, String identifier) implements ClientCommand {}
}
