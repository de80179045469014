package io.cablekit.server.internal.rpc;

import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.internal.metrics.Metrics;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
    try {
      queue.put(new Job(sid, request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callNow(sid, request);
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

  /** Lifts the rate limit and waits until the queue is empty or the timeout passes. */
  public boolean drain(Duration timeout) {
    unlimited = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!queue.isEmpty() || busy) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Job job = queue.poll();
      if (job != null && job != STOP) {
        callNow(job.sid(), job.request());
      } else {
        Thread.onSpinWait();
        Thread.yield();
      }
    }
    return true;
  }

  private volatile boolean busy;

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
      busy = true;
      try {
        long wait = next - System.nanoTime();
        if (wait > 0 && !unlimited) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        callNow(job.sid(), job.request());
        next = System.nanoTime() + intervalNanos;
      } catch (InterruptedException e) {
        callNow(job.sid(), job.request());
        return;
      } finally {
        busy = false;
      }
    }
  }

  @Override
  public void close() {
    queue.clear();
    queue.offer(STOP);
    worker.interrupt();
  }
}
