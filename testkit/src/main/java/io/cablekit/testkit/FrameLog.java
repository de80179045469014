package io.cablekit.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** The frames one client received, in order, with waiting on conditions (never sleeping). */
final class FrameLog {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Frame> frames = new ArrayList<>();
  private boolean closed;

  public void add(String text) {
    lock.lock();
    try {
      frames.add(Frame.of(frames.size() + 1, Instant.now(), text));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the connection: waits stop early. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public List<Frame> all() {
    lock.lock();
    try {
      return List.copyOf(frames);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a frame after position {@code after} that satisfies {@code condition}.
   *
   * @return the frame, or null when none arrived in time or the connection ended without it
   */
  public Frame await(long after, Predicate<Frame> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int next = (int) after;
      while (true) {
        for (; next < frames.size(); next++) {
          Frame f = frames.get(next);
          if (condition.test(f)) {
            return f;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return null;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the connection ended or the timeout passed; returns whether it ended. */
  public boolean awaitClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return closed;
    } finally {
      lock.unlock();
    }
  }

  public long size() {
    lock.lock();
    try {
      return frames.size();
    } finally {
      lock.unlock();
    }
  }
}
