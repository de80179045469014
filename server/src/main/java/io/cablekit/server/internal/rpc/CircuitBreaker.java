package io.cablekit.server.internal.rpc;

import java.util.concurrent.locks.ReentrantLock;

/**
 * anycable-go's HTTP RPC circuit breaker (PROTOCOL.md 1.5): trips when at least 10 requests in a
 * 10 s window failed 80 % or more; stays open 5 s; then lets 5 probe requests through, closing
 * again once all five succeed; a failed probe opens it again.
 */
final class CircuitBreaker {
  private static final long WINDOW_NANOS = 10_000_000_000L;
  private static final long OPEN_NANOS = 5_000_000_000L;
  private static final int MIN_REQUESTS = 10;
  private static final double FAILURE_RATIO = 0.8;
  private static final int PROBES = 5;

  private enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final ReentrantLock lock = new ReentrantLock();
  private State state = State.CLOSED;
  private long windowStart = System.nanoTime();
  private int requests;
  private int failures;
  private long openedAt;
  private int probes;
  private int successes;

  boolean allow() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (state == State.OPEN && now - openedAt >= OPEN_NANOS) {
        state = State.HALF_OPEN;
        probes = 0;
        successes = 0;
      }
      return switch (state) {
        case CLOSED -> true;
        case OPEN -> false;
        case HALF_OPEN -> probes++ < PROBES;
      };
    } finally {
      lock.unlock();
    }
  }

  /** Records a call that reached the server. */
  void success() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (state == State.HALF_OPEN) {
        if (++successes >= PROBES) {
          reset(now);
        }
        return;
      }
      roll(now);
      requests++;
    } finally {
      lock.unlock();
    }
  }

  /** Records a call that could not reach the server. */
  void failure() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (state == State.HALF_OPEN) {
        trip(now);
        return;
      }
      roll(now);
      requests++;
      failures++;
      if (requests >= MIN_REQUESTS && failures >= FAILURE_RATIO * requests) {
        trip(now);
      }
    } finally {
      lock.unlock();
    }
  }

  private void roll(long now) {
    if (now - windowStart > WINDOW_NANOS) {
      windowStart = now;
      requests = 0;
      failures = 0;
    }
  }

  boolean open() {
    lock.lock();
    try {
      return state == State.OPEN && System.nanoTime() - openedAt < OPEN_NANOS;
    } finally {
      lock.unlock();
    }
  }

  private void trip(long now) {
    state = State.OPEN;
    openedAt = now;
  }

  private void reset(long now) {
    state = State.CLOSED;
    windowStart = now;
    requests = 0;
    failures = 0;
  }
}
