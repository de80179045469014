package io.cablekit.server.internal.rpc;

import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.internal.metrics.Metrics;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Calls Disconnect for closed sessions at a limited rate (PROTOCOL.md 2.6): {@code rate} calls per
 * second from a bounded queue; enqueueing blocks when the queue is full. At shutdown the rest is
 * drained without the rate limit, within a deadline.
 */
public final class DisconnectQueue implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DisconnectQueue.class.getName());

  private record Job(String sid, DisconnectRequest request) {}

  private static final Job STOP = new Job("", DisconnectRequest.getDefaultInstance());

  private final RpcClient rpc;
  private final long intervalNanos;
  private final LinkedBlockingQueue<Job> queue;
  private final Thread worker;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Condition wake = lock.newCondition();
  private volatile boolean unlimited;

  public DisconnectQueue(RpcClient rpc, int ratePerSecond, int backlog, Metrics metrics) {
    this.rpc = rpc;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    this.queue = new LinkedBlockingQueue<>(backlog);
    metrics.gauge("disconnect_queue_size", "The size of the delayed disconnect queue", queue::size);
    this.worker = Thread.ofVirtual().name("cablekit-disconnect-queue").start(this::run);
  }

  /** Queues a Disconnect call; blocks while the queue is full. */
  public void enqueue(String sid, DisconnectRequest request) {
    outstanding.incrementAndGet();
    try {
      queue.put(new Job(sid, request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done();
      // a full queue at shutdown interrupts thousands of waiting sessions: say it once, count the rest
      if (dropped.getAndIncrement() == 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Disconnect RPC for session {0} dropped: interrupted while the queue was full"
                + " (more are counted and reported when the queue closes)",
            sid);
      }
    }
  }

  /** Calls Disconnect on the calling thread (used during shutdown). */
  public void callNow(String sid, DisconnectRequest request) {
    try {
      DisconnectResponse response = rpc.disconnect(sid, request);
      if (response.getStatus() != Status.SUCCESS) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Disconnect RPC for session {0} returned {1}: {2}",
            sid,
            response.getStatus(),
            response.getErrorMsg());
      }
    } catch (RpcException e) {
      LOG.log(
          System.Logger.Level.ERROR, "Disconnect RPC for session {0} failed: {1}", sid, e.getMessage());
    }
  }

  /** Returns the number of queued calls. */
  public int size() {
    return queue.size();
  }

  /**
   * Lifts the rate limit and blocks until every queued call has completed or the timeout passes.
   * Returns whether the queue drained.
   */
  public boolean drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      unlimited = true;
      wake.signalAll(); // a worker pacing itself calls at once

      while (outstanding.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code next} (the rate limit) unless shutdown lifted it; false if interrupted. */
  private boolean pace(long next) {
    lock.lock();
    try {
      long wait;
      while (!unlimited && (wait = next - System.nanoTime()) > 0) {
        wake.awaitNanos(wait);
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void done() {
    if (outstanding.decrementAndGet() == 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void run() {
    long next = System.nanoTime();
    while (true) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (job == STOP) {
        return;
      }
      if (!pace(next)) {
        return;
      }
      callNow(job.sid(), job.request());
      done();
      next = System.nanoTime() + intervalNanos;
    }
  }

  /** Disconnect calls given up because the session was interrupted while the queue was full. */
  public int dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    int left = queue.size();
    queue.clear();
    queue.offer(STOP);
    int total = dropped.get() + left;
    if (total > 0) {
      LOG.log(System.Logger.Level.WARNING, "{0} Disconnect RPC(s) were not made: the queue closed first", total);
    }
  }
}
