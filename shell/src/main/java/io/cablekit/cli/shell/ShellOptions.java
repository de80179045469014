package io.cablekit.cli.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of {@code cablekit shell}.
 *
 * @param url where to connect: at start when interactive, and for {@code connect} without a URL;
 *     null for none
 * @param embedded start a CableKit server with the mock RPC in process and connect to it
 * @param port the embedded server's port (0: a free one)
 * @param script a file of commands to run instead of reading the terminal; null for none
 * @param history the history file
 * @param pings whether pings are shown
 * @param color false to never colour
 * @param inspectToken Bearer token of the server's inspection API, or null
 * @param adminUrl the mock admin API base ({@code http://host:port/__admin}), or null to ask the
 *     server's {@code /_cablekit/info}
 * @param adminToken Bearer token of the mock admin API, or null
 * @param broadcastUrl the HTTP broadcast endpoint, or null to ask the server (else port 8090)
 * @param broadcastKey the broadcast key, or null
 */
public record ShellOptions(
    String url,
    boolean embedded,
    int port,
    Path script,
    Path history,
    boolean pings,
    boolean color,
    String inspectToken,
    String adminUrl,
    String adminToken,
    String broadcastUrl,
    String broadcastKey) {
  private static final Set<String> VALUED = Set.of(
      "url", "port", "script", "history", "inspect-token", "admin-url", "admin-token", "broadcast-url", "broadcast-key");
  private static final Set<String> FLAGS = Set.of("embedded", "pings", "no-color");

  /** No URL, history in {@code ~/.cablekit_history}, colours when the terminal has them. */
  public static ShellOptions defaults() {
    return new ShellOptions(null, false, 0, null, Path.of(System.getProperty("user.home"), ".cablekit_history"),
        false, true, null, null, null, null, null);
  }

  /**
   * Parses {@code --name=value} / {@code --name value} options ({@code _} and {@code -}
   * interchangeable).
   *
   * @throws IllegalArgumentException naming the bad option and the closest known one
   */
  public static ShellOptions parse(List<String> args) {
    List<Words.Word> words = args.stream().map(a -> new Words.Word(a, a, 0, a.length())).toList();
    Args parsed;
    try {
      parsed = Args.parse("shell", words, VALUED, FLAGS);
    } catch (ShellException e) {
      throw new IllegalArgumentException(e.getMessage().replace("shell: unknown option", "unknown flag"));
    }
    if (!parsed.positional().isEmpty()) {
      throw new IllegalArgumentException("unexpected argument " + parsed.positional().get(0).raw()
          + " (give the URL as --url=ws://host:port/cable)");
    }
    ShellOptions d = defaults();
    String port = parsed.option("port", "0");
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("--port: expected a port number, got " + port);
    }
    if (parsed.option("url", null) != null && parsed.flag("embedded")) {
      throw new IllegalArgumentException("--url and --embedded exclude each other");
    }
    return new ShellOptions(
        parsed.option("url", null),
        parsed.flag("embedded"),
        Integer.parseInt(port),
        parsed.option("script", null) == null ? null : Path.of(parsed.option("script", null)),
        parsed.option("history", null) == null ? d.history() : Path.of(parsed.option("history", null)),
        parsed.flag("pings"),
        !parsed.flag("no-color"),
        parsed.option("inspect-token", null),
        parsed.option("admin-url", null),
        parsed.option("admin-token", null),
        parsed.option("broadcast-url", null),
        parsed.option("broadcast-key", null));
  }

  /** The same options connecting to {@code value}. */
  public ShellOptions withUrl(String value) {
    return new ShellOptions(value, embedded, port, script, history, pings, color, inspectToken, adminUrl, adminToken, broadcastUrl, broadcastKey);
  }

  /** Option names and what each does, for {@code cablekit shell --help}. */
  public static Map<String, String> usage() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("--url=URL", "Connect to this Action Cable / AnyCable server (ws://host:port/cable; scheme and path optional)");
    out.put("--embedded", "Start a CableKit server with the mock RPC in process and connect to it");
    out.put("--port=N", "Port of the embedded server (default: a free one)");
    out.put("--script=FILE", "Run the commands of FILE, then exit (also: commands on stdin when it is not a terminal)");
    out.put("--history=FILE", "History file (default ~/.cablekit_history)");
    out.put("--pings", "Show pings");
    out.put("--no-color", "Never colour (NO_COLOR in the environment does the same)");
    out.put("--inspect-token=T", "Bearer token of the server's inspection API (state)");
    out.put("--admin-url=URL", "Mock admin API (http://host:port/__admin); default: what the server's /_cablekit/info says");
    out.put("--admin-token=T", "Bearer token of the mock admin API");
    out.put("--broadcast-url=URL", "HTTP broadcast endpoint; default: what the server says, else port 8090 /_broadcast");
    out.put("--broadcast-key=K", "Broadcast key (Authorization: Bearer)");
    return out;
  }

  static Set<String> names() {
    Set<String> all = new TreeSet<>(VALUED);
    all.addAll(FLAGS);
    return all;
  }
}
