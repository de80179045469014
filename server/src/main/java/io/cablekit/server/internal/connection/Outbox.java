package io.cablekit.server.internal.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded output queue of one connection. {@link #offer} never blocks: it queues the frame and,
 * when no writer is running, starts one on a virtual thread that writes until the queue is empty.
 * A lone frame is written as it is; frames that queued up meanwhile are joined into one write.
 * Frames offered by one thread are written in order.
 *
 * <p>When the bytes waiting exceed the cap, the overflow handler runs once (the connection is too
 * slow, PROTOCOL.md 3.5). {@link #closeWith} queues final frames past the cap and then refuses
 * further frames.
 */
final class Outbox {
  private static final int MAX_BATCH_FRAMES = 64;
  private static final int MAX_BATCH_BYTES = 64 * 1024;

  private final SocketSink writer;
  private final Executor executor;
  private final long cap;
  private final Runnable onOverflow;
  private final java.util.function.Consumer<RuntimeException> onWriteFailure;

  private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicBoolean sealing = new AtomicBoolean();
  private volatile boolean sealed;
  private volatile boolean closeWritten;
  private volatile boolean failed;
  private volatile long writeStartedNanos;

  private final ReentrantLock flushLock = new ReentrantLock();
  private final Condition flushed = flushLock.newCondition();

  Outbox(
      SocketSink writer,
      Executor executor,
      long cap,
      Runnable onOverflow,
      java.util.function.Consumer<RuntimeException> onWriteFailure) {
    this.writer = writer;
    this.executor = executor;
    this.cap = cap;
    this.onOverflow = onOverflow;
    this.onWriteFailure = onWriteFailure;
  }

  /** Queues a frame; returns false when the outbox is sealed, failed or over its cap. */
  boolean offer(byte[] frame) {
    if (sealed || failed || closeWritten) {
      return false;
    }
    if (pendingBytes.addAndGet(frame.length) > cap) {
      pendingBytes.addAndGet(-frame.length);
      if (overflowed.compareAndSet(false, true)) {
        onOverflow.run();
      }
      return false;
    }
    queue.add(frame);
    startDrain();
    return true;
  }

  /**
   * Queues the last frames regardless of the cap and seals the outbox. Returns false if it was
   * already sealed.
   */
  boolean closeWith(byte[]... frames) {
    if (!sealing.compareAndSet(false, true)) {
      return false;
    }
    sealed = true;
    for (byte[] frame : frames) {
      pendingBytes.addAndGet(frame.length);
      queue.add(frame);
    }
    startDrain();
    return true;
  }

  private static boolean isClose(byte[] frame) {
    return (frame[0] & 0x0F) == 0x8;
  }

  /** Whether the close frame has been written. */
  boolean closeWritten() {
    return closeWritten;
  }

  boolean sealed() {
    return sealed;
  }

  boolean failed() {
    return failed;
  }

  /** Nanosecond timestamp at which the current socket write began, or 0 when none is running. */
  long writeStartedNanos() {
    return writeStartedNanos;
  }

  /** Bytes queued and not yet written. */
  long pendingBytes() {
    return pendingBytes.get();
  }

  /** Blocks until everything queued so far is written (or writing failed), up to the timeout. */
  boolean awaitFlushed(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    flushLock.lock();
    try {
      while (!failed && !closeWritten && (!queue.isEmpty() || draining.get())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        flushed.awaitNanos(left);
      }
      return !failed;
    } finally {
      flushLock.unlock();
    }
  }

  private void startDrain() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      try {
        while (!failed && !closeWritten) {
          byte[] first = queue.poll();
          if (first == null) {
            break;
          }
          // a frame offered concurrently with closeWith may sit behind the close frame:
          // nothing may follow a close frame on the wire (RFC 6455 5.5.1)
          boolean closing = isClose(first);
          byte[] out = first;
          if (!closing && queue.peek() != null) {
            // several frames waiting (a burst, or a slow socket): one write, one syscall
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            int bytes = first.length;
            byte[] frame;
            while (!closing
                && frames.size() < MAX_BATCH_FRAMES
                && bytes < MAX_BATCH_BYTES
                && (frame = queue.poll()) != null) {
              frames.add(frame);
              bytes += frame.length;
              closing = isClose(frame);
            }
            out = concat(frames, bytes);
          }
          writeStartedNanos = System.nanoTime();
          try {
            writer.writeNow(out);
          } finally {
            writeStartedNanos = 0;
          }
          pendingBytes.addAndGet(-out.length);
          if (closing) {
            closeWritten = true;
            queue.clear();
          }
        }
      } catch (RuntimeException e) {
        failed = true;
        queue.clear();
        onWriteFailure.accept(e);
      }
      draining.set(false);
      if (failed || closeWritten || queue.isEmpty() || !draining.compareAndSet(false, true)) {
        break;
      }
    }
    signalFlushed();
  }

  private static byte[] concat(List<byte[]> frames, int bytes) {
    byte[] out = new byte[bytes];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    return out;
  }

  private void signalFlushed() {
    flushLock.lock();
    try {
      flushed.signalAll();
    } finally {
      flushLock.unlock();
    }
  }
}
