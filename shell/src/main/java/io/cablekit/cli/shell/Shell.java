package io.cablekit.cli.shell;

import io.cablekit.client.WsEvent;
import java.util.List;
import java.util.Set;

/**
 * The shell's engine: runs command lines against named sockets, prints what arrives, records.
 * Input comes from {@link Interactive} (a JLine terminal) or {@link ScriptRunner}; both call
 * {@link #execute(String)}.
 */
final class Shell implements AutoCloseable, CableSocket.Listener {
  private static final Set<String> QUIET_TYPES = Set.of("welcome", "ping", "pong", "confirm_subscription", "reject_subscription",
      "confirm_history", "reject_history");

  private final ShellOptions options;
  private final Output out;
  private final Renderer renderer;
  private final Sockets sockets = new Sockets();
  private final ServerApi api;
  private final CommandTable table = new CommandTable();
  private final Catalog catalog = new Catalog(this);
  private volatile Recording recording;
  private volatile boolean quit;

  Shell(ShellOptions options, Output out, Renderer renderer) {
    this.options = options;
    this.out = out;
    this.renderer = renderer;
    this.api = new ServerApi(options);
    renderer.showPings(options.pings());
    new SocketCommands(this).register(table);
    new ChannelCommands(this).register(table);
    new ExtendedCommands(this).register(table);
    new ServerCommands(this).register(table);
    new ExpectCommand(this).register(table);
    new RecordCommands(this).register(table);
    new GeneralCommands(this).register(table);
  }

  /**
   * Runs one command line (which may span several lines of JSON). Blank lines and {@code #}
   * comments do nothing.
   *
   * @throws ShellException when the command failed; the message says why
   */
  void execute(String line) throws ShellException, InterruptedException {
    Words words = Words.split(line);
    if (words.all().isEmpty() || words.all().get(0).raw().startsWith("#")) {
      return;
    }
    if (!words.complete()) {
      throw new ShellException("incomplete input: a brace, bracket or quote is still open");
    }
    List<Words.Word> all = words.all();
    CommandSpec spec = table.find(all.get(0).text());
    Args args = Args.parse(spec.name(), all.subList(1, all.size()), spec.valued(), spec.flags());
    spec.handler().run(args);
    Recording r = recording;
    if (r != null && spec.scripted()) {
      r.line(line.strip());
    }
  }

  /** Connects the first socket to {@code --url} (or the embedded server), if one was given. */
  void connectAtStart() throws ShellException, InterruptedException {
    if (options.url() != null) {
      execute("connect");
    }
  }

  @Override
  public void frame(CableSocket socket, Frame frame) {
    out.print(renderer.frame(socket, frame));
    Recording r = recording;
    if (r != null && r.assertAll() && !QUIET_TYPES.contains(frame.type())) {
      r.step(new Step.Received(socket.name(), frame));
    }
  }

  @Override
  public void closed(CableSocket socket, WsEvent.Closed closed) {
    if (sockets.holds(socket)) {
      reportClosed(socket);
    }
  }

  /**
   * Shows how a socket's connection ended, once: from its reader when it ends, or from {@code
   * connect} when it ended (a rejected connection) before the shell held it.
   */
  void reportClosed(CableSocket socket) {
    if (socket.claimCloseReport()) {
      out.print(renderer.closed(socket, socket.closed()));
    }
  }

  /** Something a command does, which may fail. */
  interface Action {
    void run() throws ShellException, InterruptedException;
  }

  /**
   * Records {@code step} (when recording), then runs {@code action}: a step goes in before what it
   * sends, so the frames it causes are recorded after it. A failed action takes its step back.
   */
  void recorded(Step step, Action action) throws ShellException, InterruptedException {
    Recording r = recording;
    if (r != null) {
      r.step(step);
    }
    try {
      action.run();
    } catch (ShellException | InterruptedException | RuntimeException e) {
      if (r != null) {
        r.remove(step);
      }
      throw e;
    }
  }

  /** Replaces a step recorded before its outcome was known. */
  void rerecord(Step old, Step replacement) {
    Recording r = recording;
    if (r != null) {
      r.replace(old, replacement);
    }
  }

  boolean quitting() {
    return quit;
  }

  void quit() {
    quit = true;
  }

  /** The prompt: the current socket and subscription. */
  String prompt() {
    CableSocket s = sockets.currentOrNull();
    if (s == null) {
      return "cablekit> ";
    }
    String sub = s.current();
    return s.name() + (s.isOpen() ? "" : " (closed)") + (sub == null ? "" : " " + Renderer.channelLabel(sub)) + "> ";
  }

  ShellOptions options() {
    return options;
  }

  Output out() {
    return out;
  }

  Renderer renderer() {
    return renderer;
  }

  Sockets sockets() {
    return sockets;
  }

  ServerApi api() {
    return api;
  }

  CommandTable table() {
    return table;
  }

  Catalog catalog() {
    return catalog;
  }

  Recording recording() {
    return recording;
  }

  void recording(Recording value) {
    recording = value;
  }

  /** Writes an unfinished recording, then closes every socket. */
  @Override
  public void close() {
    if (recording != null) {
      try {
        execute("record stop");
      } catch (ShellException e) {
        out.error(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sockets.all().forEach(s -> {
      sockets.remove(s);
      s.close();
    });
  }
}
