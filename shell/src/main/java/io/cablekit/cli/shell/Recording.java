package io.cablekit.cli.shell;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session being recorded: its steps for a JUnit test and its command lines for a script. Frames
 * arrive on reader threads, commands on the shell's thread. Thread-safe.
 */
final class Recording {
  private final Path file;
  private final boolean assertAll;
  private final Instant started = Instant.now();
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Step> steps = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  Recording(Path file, boolean assertAll) {
    this.file = file;
    this.assertAll = assertAll;
  }

  Path file() {
    return file;
  }

  /** Whether the file is a JUnit test ({@code .java}) rather than a shell script. */
  boolean junit() {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".java");
  }

  boolean assertAll() {
    return assertAll;
  }

  Instant started() {
    return started;
  }

  void step(Step step) {
    lock.lock();
    try {
      steps.add(step);
    } finally {
      lock.unlock();
    }
  }

  /** Takes back a step whose command failed. */
  void remove(Step step) {
    lock.lock();
    try {
      steps.removeIf(s -> s == step);
    } finally {
      lock.unlock();
    }
  }

  /** Replaces a step recorded before its outcome was known (a subscribe before its answer). */
  void replace(Step old, Step replacement) {
    lock.lock();
    try {
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i) == old) {
          steps.set(i, replacement);
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A command line that succeeded, for the script. */
  void line(String line) {
    lock.lock();
    try {
      lines.add(line);
    } finally {
      lock.unlock();
    }
  }

  List<Step> steps() {
    lock.lock();
    try {
      return List.copyOf(steps);
    } finally {
      lock.unlock();
    }
  }

  List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }
}
