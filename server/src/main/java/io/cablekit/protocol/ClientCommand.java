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

  /** {@code {"command":"subscribe","identifier":...}}. */
  record Subscribe(String identifier) implements ClientCommand {
    public Subscribe {
      identifier = identifier == null ? "" : identifier;
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

  /** A well-formed frame whose command this server does not handle; it is logged and ignored. */
  record Unknown(String command, String identifier) implements ClientCommand {}
}
