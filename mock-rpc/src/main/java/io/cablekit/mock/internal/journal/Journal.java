package io.cablekit.mock.internal.journal;

import io.cablekit.mock.RecordedCall;
import io.cablekit.server.internal.util.AwaitableLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every call the mock received, in order, with waiting: {@link #take} hands out each call once
 * (as MockWebServer's {@code takeRequest}); {@link #await} waits for a count of matching calls.
 */
public final class Journal {
  private final AtomicLong seq = new AtomicLong();
  private final AwaitableLog<RecordedCall> calls;
  private final LinkedBlockingQueue<RecordedCall> untaken = new LinkedBlockingQueue<>();

  /** Keeps the latest {@code limit} calls; 0 keeps all. */
  public Journal(int limit) {
    this.calls = new AwaitableLog<>(limit > 0 ? limit : Integer.MAX_VALUE);
  }

  public long nextSeq() {
    return seq.incrementAndGet();
  }

  public void add(RecordedCall call) {
    untaken.add(call);
    calls.add(call);
  }

  public List<RecordedCall> all() {
    return calls.snapshot();
  }

  /** The oldest call not yet taken, waiting up to {@code timeout}; null if none arrived. */
  public RecordedCall take(Duration timeout) throws InterruptedException {
    return untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until at least {@code count} calls match; returns the matching calls (fewer on timeout). */
  public List<RecordedCall> await(Predicate<RecordedCall> condition, int count, Duration timeout)
      throws InterruptedException {
    return calls.await(condition, count, timeout);
  }

  public AutoCloseable subscribe(Consumer<RecordedCall> listener) {
    return calls.subscribe(listener);
  }

  public void clear() {
    calls.clear();
    untaken.clear();
  }
}
