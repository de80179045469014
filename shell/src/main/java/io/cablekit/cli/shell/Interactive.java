package io.cablekit.cli.shell;

import io.cablekit.server.Version;
import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The shell on a terminal: JLine line editing with completion, persistent history and multi-line
 * JSON; frames print above the prompt. Ctrl-C cancels the line (or a waiting command), Ctrl-D
 * quits.
 */
final class Interactive {
  private Interactive() {}

  /** Runs until {@code quit} or end of input; returns the exit code. */
  static int run(ShellOptions options, Terminal terminal, String banner) {
    ShellCompleter completer = new ShellCompleter();
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("cablekit")
        .parser(new ShellParser())
        .completer(completer)
        .variable(LineReader.HISTORY_FILE, options.history())
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ... ")
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.INSERT_TAB, false)
        .build();
    boolean colors = options.color() && System.getenv("NO_COLOR") == null && !Terminal.TYPE_DUMB.equals(terminal.getType());
    Output out = Output.terminal(reader, colors);
    Thread main = Thread.currentThread();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> main.interrupt());
    try (Shell shell = new Shell(options, out, new Renderer(true, out::width))) {
      completer.attach(shell);
      out.info("CableKit shell " + Version.CABLEKIT + ": help lists the commands, Tab completes, Ctrl-D quits.");
      if (banner != null) {
        out.note(banner);
      }
      run(shell, out, shell::connectAtStart);
      while (!shell.quitting()) {
        String line;
        try {
          line = reader.readLine(shell.prompt());
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        run(shell, out, () -> shell.execute(line));
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        // history is a convenience; a read-only home must not fail the shell
      }
    }
    return 0;
  }

  private interface Action {
    void run() throws ShellException, InterruptedException;
  }

  private static void run(Shell shell, Output out, Action action) {
    try {
      action.run();
    } catch (ShellException e) {
      out.error(e.getMessage());
    } catch (InterruptedException e) {
      out.error("interrupted");
    } finally {
      Thread.interrupted();
    }
  }
}
