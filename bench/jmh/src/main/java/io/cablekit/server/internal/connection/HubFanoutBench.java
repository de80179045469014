package io.cablekit.server.internal.connection;

import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.hub.Hub;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.SessionTransport;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hub fan-out: one publication delivered to N sessions subscribed to one stream, from
 * {@code Hub.publish} until every session's frame was handed on. Lives in the server's {@code
 * internal.connection} package (a split package on the class path) to reach the package-private
 * {@code Outbox}.
 *
 * <ul>
 *   <li>{@code sink=session}: the transport counts the frame (hub, shard queue, encoding, session
 *       loop only);
 *   <li>{@code sink=outbox}: each session writes through a real {@code Outbox}, drained on a
 *       virtual thread per burst as in the server, into a socket sink that only counts
 *       (everything but the socket write).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HubFanoutBench {
  private static final String IDENTIFIER = "{\"channel\":\"BenchChannel\"}";
  private static final String STREAM = "BenchChannel";

  @Param({"1000", "10000"})
  public int sessions;

  @Param({"session", "outbox"})
  public String sink;

  private Hub hub;
  private ExecutorService writers;
  private final AtomicLong handed = new AtomicLong();
  private volatile long goal = Long.MAX_VALUE;
  private volatile Thread waiter;
  private long seq;

  @Setup(Level.Trial)
  public void setup() {
    hub = new Hub(16, new Metrics());
    writers = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < sessions; i++) {
      SessionTransport transport = sink.equals("session") ? new Counting() : new Outboxed(new Outbox(
          bytes -> handedOn(1), writers, 1 << 20, () -> {}, e -> {}));
      Session session = new Session("sid" + i, "ws://localhost/cable", Map.of(), "actioncable-v1-json",
          Instant.now(), transport);
      hub.subscribe(session, IDENTIFIER, STREAM);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hub.close();
    writers.shutdownNow();
  }

  @Benchmark
  public long publish() {
    waiter = Thread.currentThread();
    long target = handed.get() + sessions;
    goal = target;
    hub.publish(Broadcast.of(STREAM, "{\"t\":1764460800000000,\"seq\":" + (seq++) + "}"));
    while (handed.get() < target) {
      LockSupport.parkNanos(this, 100_000);
    }
    return target;
  }

  private void handedOn(long n) {
    if (handed.addAndGet(n) >= goal) {
      LockSupport.unpark(waiter);
    }
  }

  private final class Counting implements SessionTransport {
    @Override
    public boolean send(byte[] wsFrame) {
      handedOn(1);
      return true;
    }

    @Override
    public void close(String lastText, int code, String reason) {}

    @Override
    public boolean isOpen() {
      return true;
    }
  }

  private static final class Outboxed implements SessionTransport {
    private final Outbox outbox;

    Outboxed(Outbox outbox) {
      this.outbox = outbox;
    }

    @Override
    public boolean send(byte[] wsFrame) {
      return outbox.offer(wsFrame);
    }

    @Override
    public void close(String lastText, int code, String reason) {}

    @Override
    public boolean isOpen() {
      return true;
    }
  }
}
