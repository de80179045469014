package io.cablekit.cli.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** The frames of one socket, oldest first, awaitable. Thread-safe. */
final class FrameLog {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Frame> frames = new ArrayList<>();
  private boolean closed;

  void add(Frame frame) {
    lock.lock();
    try {
      frames.add(frame);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the log: waits stop early. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return frames.size();
    } finally {
      lock.unlock();
    }
  }

  /** The frames from index {@code from} on. */
  List<Frame> since(long from) {
    lock.lock();
    try {
      return List.copyOf(frames.subList((int) Math.min(from, frames.size()), frames.size()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until a frame at index {@code from} or later matches, the log closes, or the timeout
   * passes; returns the first match or null.
   */
  Frame await(long from, Predicate<Frame> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int next = (int) Math.min(from, frames.size());
      while (true) {
        for (; next < frames.size(); next++) {
          if (test.test(frames.get(next))) {
            return frames.get(next);
          }
        }
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return null;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }
}
