package io.cablekit.cli;

import io.cablekit.cli.shell.ShellOptions;
import io.cablekit.cli.shell.ShellRunner;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code cablekit shell}: an interactive console for sockets, channels and the mock RPC, or a
 * script runner for CI ({@code --script}, or commands on stdin). {@code --embedded} starts a
 * server with the mock in process first, as {@code serve} would.
 */
final class ShellCommand implements Command {
  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String summary() {
    return "Interactive console for sockets, channels and the mock; runs scripts for CI (--script)";
  }

  @Override
  public void help(PrintStream out) {
    out.println("Usage: java -jar cablekit.jar shell [--url=ws://host:port/cable | --embedded] [options]");
    out.println();
    out.println("Connects to any Action Cable or AnyCable server and lets you connect sockets, subscribe,");
    out.println("perform, whisper, broadcast, expect messages and record the session as a JUnit test.");
    out.println("Type help in the shell for its commands. With --script=FILE, or with commands piped on");
    out.println("stdin, it runs them and exits non-zero at the first failed expect or error.");
    out.println();
    out.println("Options:");
    ShellOptions.usage().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
  }

  @Override
  public int run(List<String> args) throws Exception {
    ShellOptions options;
    try {
      options = ShellOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("cablekit shell: " + e.getMessage());
      return 2;
    }
    // the console is the shell's: only errors of the embedded server are worth a line there
    Logging.configure("error", System.err);
    if (!options.embedded()) {
      return ShellRunner.run(options, System.in, System.out, System.err, null);
    }
    try (EmbeddedRpc rpc = EmbeddedRpc.start();
        CableServer server = CableServer.start(CableConfig.builder()
            .port(options.port())
            .httpBroadcastPort(0)
            .shutdownTimeout(Duration.ofSeconds(2))
            .rpcHost(rpc.target())
            .broker("memory") // so history and session restore work out of the box
            .build())) {
      rpc.attach(server);
      server.broadcastUrl().ifPresent(u -> server.describe("broadcast_url", u.toString()));
      String banner = "Embedded CableKit server at " + server.url() + " (mock RPC admin API " + rpc.adminUrl()
          + server.broadcastUrl().map(u -> ", broadcasts " + u).orElse("") + ")";
      return ShellRunner.run(options.withUrl(server.url().toString()), System.in, System.out, System.err, banner);
    }
  }
}
