package io.cablekit.server.internal.rpc;

import com.google.protobuf.Message;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.server.internal.metrics.Metrics;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Calls the RPC server the way anycable-go does (PROTOCOL.md 2.8): one semaphore limits
 * concurrent calls of every kind, each call has an overall deadline covering its retries, and
 * only RESOURCE_EXHAUSTED and UNAVAILABLE are retried, with exponential backoff.
 *
 * <p>Thread-safe; callers block (they run on virtual threads).
 */
public final class RpcClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RpcClient.class.getName());
  private static final long EXHAUSTED_BASE_MS = 10;
  private static final long UNAVAILABLE_BASE_MS = 100;
  private static final long RECOVER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RpcTransport transport;
  private final int concurrency;
  private final Semaphore slots;
  private final Duration commandTimeout;
  private final Duration requestTimeout;
  private final AtomicInteger pending = new AtomicInteger();
  private final Metrics.Counter calls;
  private final Metrics.Counter errors;
  private final Metrics.Counter retries;
  private final Metrics.Counter timeouts;
  private final Metrics.Counter canceled;

  public RpcClient(
      RpcTransport transport,
      int concurrency,
      Duration commandTimeout,
      Duration requestTimeout,
      Metrics metrics) {
    this.transport = transport;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency, true);
    this.commandTimeout = commandTimeout;
    this.requestTimeout = requestTimeout;
    this.calls = metrics.counter("rpc_call_total", "The total number of RPC calls");
    this.errors = metrics.counter("rpc_error_total", "The total number of failed RPC calls");
    this.retries = metrics.counter("rpc_retries_total", "The total number of RPC call retries");
    this.timeouts = metrics.counter("rpc_timeout_total", "The total number of RPC timeouts");
    this.canceled =
        metrics.counter("rpc_canceled_total", "The total number of canceled RPC calls");
    metrics.gauge("rpc_pending_num", "The number of RPC calls waiting for a slot", pending::get);
  }

  /** Calls Connect. */
  public ConnectionResponse connect(String sid, ConnectionRequest request) throws RpcException {
    return (ConnectionResponse) invoke(RpcMethod.CONNECT, request, sid, () -> false);
  }

  /**
   * Calls Command, skipping the call when {@code closed} reports true once a slot is obtained (the
   * session went away while waiting).
   */
  public CommandResponse command(String sid, CommandMessage request, BooleanSupplier closed)
      throws RpcException {
    return (CommandResponse) invoke(RpcMethod.COMMAND, request, sid, closed);
  }

  /** Calls Disconnect. */
  public DisconnectResponse disconnect(String sid, DisconnectRequest request)
      throws RpcException {
    return (DisconnectResponse) invoke(RpcMethod.DISCONNECT, request, sid, () -> false);
  }

  private Message invoke(RpcMethod method, Message request, String sid, BooleanSupplier closed)
      throws RpcException {
    pending.incrementAndGet();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(Status.Code.CANCELLED, "interrupted while waiting for an RPC slot");
    } finally {
      pending.decrementAndGet();
    }
    try {
      if (closed.getAsBoolean()) {
        canceled.inc();
        throw new RpcException(Status.Code.CANCELLED, "session closed before the call started");
      }
      calls.inc();
      return attempt(method, request, sid);
    } catch (RpcException e) {
      errors.inc();
      if (e.code() == Status.Code.DEADLINE_EXCEEDED) {
        timeouts.inc();
      }
      throw e;
    } finally {
      slots.release();
    }
  }

  private Message attempt(RpcMethod method, Message request, String sid) throws RpcException {
    long deadline = System.nanoTime() + commandTimeout.toNanos();
    int attempt = 0;
    Status.Code lastRetried = null;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new RpcException(
            Status.Code.DEADLINE_EXCEEDED,
            method.grpcName() + " did not complete within " + commandTimeout.toMillis() + " ms");
      }
      // anycable-go: a connection known to be down gets one immediate reconnect attempt; if it
      // is still down the call fails at once instead of retrying until the deadline
      if (transport.unavailable()
          && !transport.recover(Duration.ofNanos(Math.min(remaining, RECOVER_NANOS)))) {
        throw new RpcException(Status.Code.UNAVAILABLE, "RPC connection is not ready (" + transport.describe() + ")");
      }
      long attemptNanos =
          requestTimeout.isZero() ? remaining : Math.min(remaining, requestTimeout.toNanos());
      try {
        return transport.call(method, request, sid, Duration.ofNanos(attemptNanos));
      } catch (RpcException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (e.code() != lastRetried) {
          attempt = 0;
          lastRetried = e.code();
        }
        long base =
            e.code() == Status.Code.RESOURCE_EXHAUSTED ? EXHAUSTED_BASE_MS : UNAVAILABLE_BASE_MS;
        long backoffNanos = TimeUnit.MILLISECONDS.toNanos(base << Math.min(attempt, 20));
        attempt++;
        if (System.nanoTime() + backoffNanos >= deadline) {
          throw e;
        }
        retries.inc();
        LOG.log(
            System.Logger.Level.DEBUG,
            () -> method.grpcName() + " failed with " + e.code() + ", retrying");
        sleep(backoffNanos);
      }
    }
  }

  private static void sleep(long nanos) throws RpcException {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(Status.Code.CANCELLED, "interrupted during RPC retry backoff");
    }
  }

  /** Blocks until no call is in flight, or the timeout passes; returns whether it went idle. */
  public boolean awaitIdle(Duration timeout) {
    try {
      if (slots.tryAcquire(concurrency, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        slots.release(concurrency);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns the number of calls waiting for a slot. */
  public int pending() {
    return pending.get();
  }

  public String describe() {
    return transport.describe();
  }

  @Override
  public void close() {
    transport.close();
  }
}
