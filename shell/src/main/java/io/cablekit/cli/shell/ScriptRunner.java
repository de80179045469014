package io.cablekit.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Runs commands from a file or stdin, one per line (a command whose JSON is not closed continues
 * on the next lines; {@code #} starts a comment). Each command is echoed after {@code > }. The
 * first failed {@code expect} or other error stops the script with exit code 1, so a script is a
 * CI smoke test.
 */
final class ScriptRunner {
  private ScriptRunner() {}

  /**
   * @param source names the input in errors ({@code smoke.cablekit}, {@code stdin})
   * @return 0 when every command succeeded, 1 at the first failure
   */
  static int run(Shell shell, BufferedReader in, String source) throws IOException {
    Output out = shell.out();
    StringBuilder pending = new StringBuilder();
    int lineNo = 0;
    int start = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (pending.isEmpty()) {
        start = lineNo;
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
      } else {
        pending.append('\n');
      }
      pending.append(line);
      if (!Words.split(pending.toString()).complete()) {
        continue;
      }
      String command = pending.toString();
      pending.setLength(0);
      out.info("> " + command.strip());
      try {
        shell.execute(command);
      } catch (ShellException e) {
        out.error(source + ":" + start + ": " + e.getMessage());
        return 1;
      } catch (InterruptedException e) {
        out.error(source + ":" + start + ": interrupted");
        return 1;
      }
      if (shell.quitting()) {
        return 0;
      }
    }
    if (!pending.isEmpty()) {
      out.error(source + ":" + start + ": the script ends inside a command: a brace, bracket or quote is still open");
      return 1;
    }
    return 0;
  }
}
