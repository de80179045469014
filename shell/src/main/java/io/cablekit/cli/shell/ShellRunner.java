package io.cablekit.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Starts the shell in the right mode: a script file ({@code --script}), commands piped on stdin,
 * or the interactive JLine console when stdin is a terminal.
 */
public final class ShellRunner {
  private ShellRunner() {}

  /**
   * Runs the shell; returns the exit code (0, or 1 after a failed command in scripted mode, 2 when
   * the script cannot be read).
   *
   * @param banner an extra line for the interactive greeting (the embedded server's URLs), or null
   */
  public static int run(ShellOptions options, InputStream stdin, PrintStream stdout, PrintStream stderr, String banner)
      throws IOException {
    if (options.script() != null) {
      if (!Files.isReadable(options.script())) {
        stderr.println("cablekit shell: cannot read the script " + options.script().toAbsolutePath());
        return 2;
      }
      try (BufferedReader in = Files.newBufferedReader(options.script(), StandardCharsets.UTF_8)) {
        return scripted(options, in, options.script().getFileName().toString(), stdout, stderr);
      }
    }
    if (!stdinIsTerminal()) {
      return scripted(options, new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), "stdin", stdout, stderr);
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      return Interactive.run(options, terminal, banner);
    }
  }

  /** Runs commands from {@code in} with plain output. */
  static int scripted(ShellOptions options, BufferedReader in, String source, PrintStream stdout, PrintStream stderr)
      throws IOException {
    Output out = Output.plain(stdout, stderr);
    try (Shell shell = new Shell(options, out, new Renderer(false, () -> 120))) {
      return ScriptRunner.run(shell, in, source);
    }
  }

  /** Whether stdin is a terminal (JLine's native check, else whether the JVM has a console). */
  static boolean stdinIsTerminal() {
    for (String provider : new String[] {"ffm", "jni", "exec"}) {
      try {
        return TerminalProvider.load(provider).isSystemStream(SystemStream.Input);
      } catch (Throwable e) {
        // this provider is not available here; try the next
      }
    }
    return System.console() != null;
  }
}
