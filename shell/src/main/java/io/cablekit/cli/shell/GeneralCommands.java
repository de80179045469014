package io.cablekit.cli.shell;

import java.util.List;

/** {@code help}, {@code pings}, {@code quit}. */
final class GeneralCommands {
  private final Shell shell;

  GeneralCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("pings", List.of(), "pings [on|off]", "Show or hide the server's pings (hidden by default)", "",
        false, this::pings));
    table.add(CommandSpec.of("help", List.of("?", "\\?"), "help [command]", "List the commands, or explain one", "",
        false, this::help));
    table.add(CommandSpec.of("quit", List.of("exit", "q", "\\q"), "quit", "Close every socket and leave (Ctrl-D too)",
        "A recording still running is written first.", false, args -> shell.quit()));
  }

  private void pings(Args args) throws ShellException {
    args.expect(0, 1, "pings [on|off]");
    String v = args.positional().isEmpty() ? (shell.renderer().showsPings() ? "off" : "on") : args.positional().get(0).text();
    if (!v.equals("on") && !v.equals("off")) {
      throw new ShellException("pings: expected on or off, got " + v);
    }
    shell.renderer().showPings(v.equals("on"));
    shell.out().note("pings " + (v.equals("on") ? "shown" : "hidden"));
  }

  private void help(Args args) throws ShellException {
    args.expect(0, 1, "help [command]");
    shell.out().info(args.positional().isEmpty() ? shell.table().overview() : shell.table().help(args.positional().get(0).text()));
  }
}
