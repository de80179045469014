package io.cablekit.cli.shell;

import java.io.PrintStream;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Where the shell prints. On a terminal every line goes above the prompt ({@link
 * LineReader#printAbove}), so frames arriving while the user types never garble the input line;
 * colours only when the terminal supports them and {@code NO_COLOR} is unset. Elsewhere (scripts,
 * pipes) lines are plain text, errors on stderr. Thread-safe.
 */
final class Output {
  private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
  private static final AttributedStyle NOTE = AttributedStyle.DEFAULT.faint();

  private final LineReader reader;
  private final boolean colors;
  private final PrintStream out;
  private final PrintStream err;
  private final ReentrantLock lock = new ReentrantLock();

  private Output(LineReader reader, boolean colors, PrintStream out, PrintStream err) {
    this.reader = reader;
    this.colors = colors;
    this.out = out;
    this.err = err;
  }

  /** Lines above the prompt of {@code reader}. */
  static Output terminal(LineReader reader, boolean colors) {
    return new Output(reader, colors, null, null);
  }

  /** Plain lines on {@code out}, errors on {@code err}. */
  static Output plain(PrintStream out, PrintStream err) {
    return new Output(null, false, out, err);
  }

  boolean interactive() {
    return reader != null;
  }

  /** The terminal width, or 120 when there is none. */
  int width() {
    int w = reader == null ? 0 : reader.getTerminal().getWidth();
    return w <= 0 ? 120 : w;
  }

  void print(AttributedString line) {
    if (line == null) {
      return;
    }
    if (reader != null) {
      if (colors) {
        reader.printAbove(line);
      } else {
        reader.printAbove(line.toString());
      }
      return;
    }
    lock.lock();
    try {
      out.println(line.toString());
      out.flush();
    } finally {
      lock.unlock();
    }
  }

  /** A plain line of information. */
  void info(String text) {
    print(new AttributedString(text));
  }

  /** A faint note (hints, confirmations of local actions). */
  void note(String text) {
    print(new AttributedString(text, NOTE));
  }

  /** An error: red on a terminal, on stderr otherwise. */
  void error(String text) {
    if (reader != null) {
      print(new AttributedStringBuilder().styled(ERROR, "error: ").append(text).toAttributedString());
      return;
    }
    lock.lock();
    try {
      out.flush();
      err.println("error: " + text);
      err.flush();
    } finally {
      lock.unlock();
    }
  }
}
