package io.cablekit.cli.shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Output written by the shell, awaitable: tests wait for text with a timeout, never sleep. */
final class Captured extends OutputStream {
  private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?=>]*[ -/]*[@-~]|\\][^\u0007]*\u0007|[()][0-9A-Za-z]|[=>NOM78])");

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    lock.lock();
    try {
      bytes.write(b, off, len);
      written.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Everything so far, terminal escape sequences and carriage returns removed. */
  String text() {
    lock.lock();
    try {
      return plain(bytes.toString(StandardCharsets.UTF_8));
    } finally {
      lock.unlock();
    }
  }

  static String plain(String s) {
    return ANSI.matcher(s).replaceAll("").replace("\r", "");
  }

  /** Waits until the text contains {@code wanted}; fails with the text otherwise. */
  String await(String wanted, Duration timeout) throws InterruptedException {
    return await(t -> t.contains(wanted), "\"" + wanted + "\"", timeout);
  }

  String await(Predicate<String> test, String what, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        String text = plain(bytes.toString(StandardCharsets.UTF_8));
        if (test.test(text)) {
          return text;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no output " + what + " within " + timeout.toMillis() + " ms; output:\n" + text);
        }
        written.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }
}
