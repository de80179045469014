package io.cablekit.cli.shell;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code connect}, {@code sockets}, {@code use}, {@code close}. */
final class SocketCommands {
  private final Shell shell;

  SocketCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("connect", List.of("c", "open"),
        "connect [url] [-H name:value] [--cookie k=v] [--query k=v] [--protocol p] [--as name]",
        "Open a socket (it becomes the current one) and wait for the welcome",
        """
        url: ws://host:port/cable; scheme and path are optional (localhost:8080 works); without it,
             the shell's --url (or the embedded server), else ws://localhost:8080/cable.
        -H, --header name:value   an extra handshake header (repeatable)
        --cookie k=v              a cookie (repeatable; sent as one Cookie header)
        --query k=v               a query parameter (repeatable)
        --protocol p              offer this sub-protocol instead of actioncable-v1-json (repeatable,
                                  or comma-separated; "none" offers none). whisper and history need
                                  actioncable-v1-ext-json.
        --as name                 the socket's name (default s1, s2, ...)""",
        false, this::connect).options(Set.of("header", "H", "cookie", "query", "protocol", "as"), Set.of()));
    table.add(CommandSpec.of("sockets", List.of("ls"), "sockets", "List the sockets: URL, sid, protocol, state", "",
        false, args -> sockets()));
    table.add(CommandSpec.of("use", List.of(), "use <name>", "Make a socket the current one", "", true, this::use));
    table.add(CommandSpec.of("close", List.of("disconnect"), "close [name]", "Close a socket (the current one by default)", "",
        true, this::close));
  }

  private void connect(Args args) throws ShellException, InterruptedException {
    args.expect(0, 1, "connect [url] [-H name:value] [--cookie k=v] [--query k=v] [--protocol p] [--as name]");
    String typed = args.positional().isEmpty() ? null : args.positional().get(0).text();
    URI url = Urls.websocket(typed != null ? typed : shell.options().url() != null ? shell.options().url() : Urls.DEFAULT);
    String name = args.option("as", shell.sockets().nextName());
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new ShellException("connect: --as needs a name of letters, digits, - and _ starting with a letter, got " + name);
    }
    if (shell.sockets().has(name)) {
      CableSocket old = shell.sockets().get(name);
      if (old.isOpen()) {
        throw new ShellException("a socket named " + name + " is open already; close " + name + " first or pick another name with --as");
      }
      shell.sockets().remove(old);
    }
    ConnectSpec spec = new ConnectSpec(url, pairs(args, ':', "header", "H"), pairs(args, '=', "cookie"), pairs(args, '=', "query"), protocols(args));
    Step.Connected placeholder = new Step.Connected(name, spec, null, false);
    CableSocket[] opened = new CableSocket[1];
    shell.recorded(placeholder, () -> opened[0] = CableSocket.open(name, spec, shell));
    CableSocket socket = opened[0];
    shell.sockets().add(socket);
    shell.out().note("connected " + name + " to " + spec.fullUrl() + " (sub-protocol: "
        + (socket.protocol() == null ? "none" : socket.protocol()) + ")");
    shell.reportClosed(socket); // closed before the shell held it: its reader could not say so
    Frame first = socket.log().await(0, f -> f.type().equals("welcome") || f.type().equals("disconnect"), CableSocket.HANDSHAKE);
    if (first == null && socket.isOpen()) {
      shell.out().note(name + ": no welcome within " + JsonArgs.show(CableSocket.HANDSHAKE) + " (is this an Action Cable server?)");
    }
    shell.rerecord(placeholder, new Step.Connected(name, spec, socket.sid(), first != null && first.type().equals("welcome")));
    Recording r = shell.recording();
    if (r != null) {
      r.line(scriptLine(name, spec, shell.options()));
    }
  }

  private static Map<String, String> pairs(Args args, char separator, String... names) throws ShellException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String option : names) {
      for (String v : args.all(option)) {
        int at = v.indexOf(separator);
        if (at <= 0) {
          throw new ShellException("connect: --" + names[0] + " expects name" + separator + "value, got " + v);
        }
        out.put(v.substring(0, at).strip(), v.substring(at + 1).strip());
      }
    }
    return out;
  }

  private static List<String> protocols(Args args) {
    List<String> given = args.all("protocol");
    if (given.isEmpty()) {
      return List.of(ConnectSpec.JSON_PROTOCOL);
    }
    List<String> out = new ArrayList<>();
    for (String g : given) {
      for (String p : g.split(",")) {
        if (!p.isBlank() && !p.strip().equals("none")) {
          out.add(p.strip());
        }
      }
    }
    return out;
  }

  /** The {@code connect} line that repeats a connection in a script (no URL when it is the shell's). */
  static String scriptLine(String name, ConnectSpec spec, ShellOptions options) {
    StringBuilder line = new StringBuilder("connect");
    boolean shellUrl = false;
    try {
      shellUrl = options.url() != null && Urls.websocket(options.url()).equals(spec.url());
    } catch (ShellException e) {
      // the shell's URL is invalid: name the socket's URL
    }
    if (!shellUrl) {
      line.append(' ').append(spec.url());
    }
    line.append(" --as ").append(name);
    spec.headers().forEach((k, v) -> line.append(" -H ").append(ScriptText.quote(k + ":" + v)));
    spec.cookies().forEach((k, v) -> line.append(" --cookie ").append(ScriptText.quote(k + "=" + v)));
    spec.query().forEach((k, v) -> line.append(" --query ").append(ScriptText.quote(k + "=" + v)));
    if (!spec.protocols().equals(List.of(ConnectSpec.JSON_PROTOCOL))) {
      line.append(" --protocol ").append(spec.protocols().isEmpty() ? "none" : String.join(",", spec.protocols()));
    }
    return line.toString();
  }

  private void sockets() {
    List<CableSocket> all = shell.sockets().all();
    if (all.isEmpty()) {
      shell.out().info("no sockets (connect opens one)");
      return;
    }
    CableSocket current = shell.sockets().currentOrNull();
    for (CableSocket s : all) {
      String state = s.isOpen() ? "open" : Renderer.closeReason(s, s.closed());
      shell.out().info((s == current ? "* " : "  ") + s.name() + "  " + s.spec().fullUrl() + "  " + state
          + "  sid=" + (s.sid() == null ? "-" : s.sid()) + "  protocol=" + (s.protocol() == null ? "none" : s.protocol())
          + "  subscriptions=" + s.subscriptions().size());
    }
  }

  private void use(Args args) throws ShellException {
    args.expect(1, 1, "use <name>");
    shell.sockets().use(args.positional().get(0).text());
    shell.out().note("using " + args.positional().get(0).text());
  }

  private void close(Args args) throws ShellException, InterruptedException {
    args.expect(0, 1, "close [name]");
    CableSocket s = shell.sockets().get(args.positional().isEmpty() ? null : args.positional().get(0).text());
    shell.sockets().remove(s);
    shell.recorded(new Step.Closed(s.name()), s::close);
    s.log().await(Long.MAX_VALUE, f -> false, Duration.ofSeconds(2));
    shell.out().note("closed " + s.name());
  }
}
