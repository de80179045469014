package io.cablekit.server.internal.util;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An append-only log that keeps its most recent entries and lets readers wait for entries to
 * arrive: the shared core of the server's journal and the mock's request journal. Thread-safe;
 * listeners run on the appending thread, outside the lock.
 */
public final class AwaitableLog<E> {
  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final ArrayDeque<E> entries = new ArrayDeque<>();
  private final List<Consumer<? super E>> listeners = new CopyOnWriteArrayList<>();

  /** Keeps at most {@code limit} entries (0 keeps none; listeners still hear every one). */
  public AwaitableLog(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    this.limit = limit;
  }

  public void add(E entry) {
    if (limit > 0) {
      lock.lock();
      try {
        if (entries.size() == limit) {
          entries.removeFirst();
        }
        entries.addLast(entry);
        appended.signalAll();
      } finally {
        lock.unlock();
      }
    }
    for (Consumer<? super E> listener : listeners) {
      listener.accept(entry);
    }
  }

  /** The retained entries, oldest first. */
  public List<E> snapshot() {
    lock.lock();
    try {
      return List.copyOf(entries);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} retained entries match, or the timeout passes.
   *
   * @return the matching entries, oldest first: {@code count} or more, or fewer on timeout
   */
  public List<E> await(Predicate<? super E> condition, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        List<E> found = new ArrayList<>();
        for (E e : entries) {
          if (condition.test(e)) {
            found.add(e);
          }
        }
        long left = deadline - System.nanoTime();
        if (found.size() >= count || left <= 0) {
          return found;
        }
        appended.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Calls {@code listener} for every entry added from now on. Close the handle to stop. */
  public AutoCloseable subscribe(Consumer<? super E> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void clear() {
    lock.lock();
    try {
      entries.clear();
    } finally {
      lock.unlock();
    }
  }
}
