package io.cablekit.mock.internal.journal;

import io.cablekit.mock.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every call the mock received, in order, with waiting: {@link #take} hands out each call once
 * (as MockWebServer's {@code takeRequest}); {@link #await} waits for a count of matching calls.
 */
public final class Journal {
  private final int limit;
  private final AtomicLong seq = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final List<RecordedCall> calls = new ArrayList<>();
  private final LinkedBlockingQueue<RecordedCall> untaken = new LinkedBlockingQueue<>();
  private final List<Consumer<RecordedCall>> listeners = new CopyOnWriteArrayList<>();

  public Journal(int limit) {
    this.limit = limit;
  }

  public long nextSeq() {
    return seq.incrementAndGet();
  }

  public void add(RecordedCall call) {
    lock.lock();
    try {
      if (limit > 0 && calls.size() >= limit) {
        calls.remove(0);
      }
      calls.add(call);
      appended.signalAll();
    } finally {
      lock.unlock();
    }
    untaken.add(call);
    listeners.forEach(l -> l.accept(call));
  }

  public List<RecordedCall> all() {
    lock.lock();
    try {
      return List.copyOf(calls);
    } finally {
      lock.unlock();
    }
  }

  /** The oldest call not yet taken, waiting up to {@code timeout}; null if none arrived. */
  public RecordedCall take(Duration timeout) throws InterruptedException {
    return untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until at least {@code count} calls match; returns the matching calls (fewer on timeout). */
  public List<RecordedCall> await(Predicate<RecordedCall> condition, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        List<RecordedCall> found = calls.stream().filter(condition).toList();
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

  public AutoCloseable subscribe(Consumer<RecordedCall> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void clear() {
    lock.lock();
    try {
      calls.clear();
      untaken.clear();
    } finally {
      lock.unlock();
    }
  }
}
