package io.cablekit.cli.shell;

import java.nio.file.Path;
import java.time.Duration;

/** The shell's engine with plain output captured: run command lines, await what they print. */
final class ShellHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final Captured out = new Captured();
  final Captured err = new Captured();
  final Shell shell;

  ShellHarness(String url) {
    this(ShellOptions.defaults().withUrl(url));
  }

  ShellHarness(ShellOptions options) {
    ShellOptions quiet = new ShellOptions(options.url(), options.embedded(), options.port(), options.script(),
        Path.of(System.getProperty("java.io.tmpdir"), "cablekit-test-history"), options.pings(), false,
        options.inspectToken(), options.adminUrl(), options.adminToken(), options.broadcastUrl(), options.broadcastKey());
    shell = new Shell(quiet, Output.plain(out.printStream(), err.printStream()), new Renderer(false, () -> 120));
  }

  /** Runs a command that must succeed. */
  ShellHarness run(String line) throws Exception {
    shell.execute(line);
    return this;
  }

  /** Runs a command that must fail; returns its message. */
  String fails(String line) throws InterruptedException {
    try {
      shell.execute(line);
    } catch (ShellException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected \"" + line + "\" to fail; output:\n" + out.text());
  }

  String await(String wanted) throws InterruptedException {
    return out.await(wanted, WAIT);
  }

  /** Waits until {@code wanted} has been printed {@code times} times. */
  String await(String wanted, int times) throws InterruptedException {
    return out.await(t -> t.split(java.util.regex.Pattern.quote(wanted), -1).length - 1 >= times,
        times + " x \"" + wanted + "\"", WAIT);
  }

  @Override
  public void close() {
    shell.close();
  }
}
