package io.cablekit.cli.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar on stderr: redrawn in place at most five times a second on a terminal; on a
 * pipe or file, one line per phase and every ten seconds, so logs stay readable.
 */
public class Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDraw;
  private String lastPhase = "";
  private int lastLength;

  public Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A progress that prints nothing. */
  public static Progress silent() {
    return new Progress(null, false) {
      @Override
      public void update(String phase, long done, long total) {}

      @Override
      public void done(String phase, long done, long total) {}

      @Override
      public void note(String line) {}
    };
  }

  /** Whether stderr is a terminal (JDK 22+ says so; before, a console means one). */
  public static boolean stderrIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Shows {@code done} of {@code total} in {@code phase}. */
  public synchronized void update(String phase, long done, long total) {
    long now = System.nanoTime();
    boolean newPhase = !phase.equals(lastPhase);
    long every = terminal ? 200_000_000L : 10_000_000_000L;
    if (!newPhase && now - lastDraw < every) {
      return;
    }
    lastDraw = now;
    lastPhase = phase;
    draw(phase, done, total, false);
  }

  /** Shows the end of a phase. */
  public synchronized void done(String phase, long done, long total) {
    lastPhase = "";
    draw(phase, done, total, true);
  }

  /** Prints a line of its own (above the bar on a terminal). */
  public synchronized void note(String line) {
    if (terminal && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      lastLength = 0;
    }
    out.println(line);
    out.flush();
  }

  static String bar(long done, long total) {
    double fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, (double) done / total));
    int filled = (int) Math.round(fraction * WIDTH);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100));
  }

  private void draw(String phase, long done, long total, boolean finished) {
    String line = String.format(Locale.ROOT, "%s %-10s %d/%d  %.1f s",
        bar(done, total), phase, done, total, (System.nanoTime() - started) / 1e9);
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
      if (finished) {
        out.println();
        lastLength = 0;
      }
    } else {
      out.println(line);
    }
    out.flush();
  }
}
