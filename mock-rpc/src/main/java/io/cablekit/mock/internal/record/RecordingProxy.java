package io.cablekit.mock.internal.record;

import com.google.protobuf.Message;
import io.cablekit.mock.Recorder;
import io.cablekit.mock.RpcCall;
import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.broadcast.Publication;
import io.cablekit.server.internal.broadcast.Publications;
import io.cablekit.server.internal.rpc.RpcMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The recorder's core, shared by its gRPC and HTTP fronts: forwards each call upstream, records
 * the exchange, and attributes the application's broadcasts to the call being handled when they
 * arrive. Thread-safe.
 */
public final class RecordingProxy implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RecordingProxy.class.getName());
  /** The deadline of a forwarded call when the caller set none. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Upstream upstream;
  private final String upstreamAuthorization;
  private final Clock clock;
  private final AtomicLong seq = new AtomicLong();
  private final ConcurrentSkipListMap<Long, InFlight> inFlight = new ConcurrentSkipListMap<>();
  private final List<Recorder.Exchange> exchanges = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private volatile Consumer<Broadcast> broadcaster;

  private static final class InFlight {
    final RpcCall call;
    final List<Broadcast> broadcasts = new ArrayList<>();

    InFlight(RpcCall call) {
      this.call = call;
    }
  }

  /**
   * @param upstreamSecret Bearer secret for an HTTP RPC upstream; null to pass the caller's
   *     {@code Authorization} header on as it came
   */
  public RecordingProxy(Upstream upstream, String upstreamSecret, Clock clock) {
    this.upstream = upstream;
    this.upstreamAuthorization = upstreamSecret == null || upstreamSecret.isEmpty() ? null : "Bearer " + upstreamSecret;
    this.clock = clock;
  }

  public String upstream() {
    return upstream.describe();
  }

  public void broadcaster(Consumer<Broadcast> value) {
    this.broadcaster = value;
  }

  /**
   * Forwards one call and records it when the real server answered.
   *
   * @param call the decoded call (for the recording)
   * @param meta the metadata to forward ({@code sid}, {@code protov})
   * @param authorization the caller's {@code Authorization} header, or null
   * @param timeout the caller's deadline, or null
   */
  public Upstream.Result forward(
      RpcMethod method, Message request, RpcCall call, Map<String, String> meta, String authorization, Duration timeout) {
    long n = seq.incrementAndGet();
    InFlight flight = new InFlight(call);
    inFlight.put(n, flight);
    java.time.Instant at = clock.instant();
    Upstream.Result result;
    try {
      result = upstream.call(
          method, request, meta, upstreamAuthorization != null ? upstreamAuthorization : authorization,
          timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout);
    } finally {
      inFlight.remove(n);
    }
    List<Broadcast> broadcasts;
    synchronized (flight) {
      broadcasts = List.copyOf(flight.broadcasts);
    }
    synchronized (this) {
      switch (result) {
        case Upstream.Response r -> exchanges.add(new Recorder.Exchange(n, at, call, r.message(), null, null, broadcasts));
        case Upstream.Fault f when f.fromServer() ->
            exchanges.add(new Recorder.Exchange(n, at, call, null, f.code(), f.message(), broadcasts));
        case Upstream.Fault f -> {
          warnings.add("call " + n + " (" + call.kind().label() + "): not recorded, " + upstream.describe()
              + " gave no answer: " + f.code() + " " + f.message());
          LOG.log(System.Logger.Level.WARNING, "recorder: " + call.describe() + " got no answer from "
              + upstream.describe() + ": " + f.code() + " " + f.message());
        }
      }
      notifyAll();
    }
    return result;
  }

  /**
   * Handles a body posted to the recorder's broadcast endpoint: each publication goes on to the
   * broadcaster and is recorded with the call being handled.
   */
  public void broadcast(String body) {
    Publication publication = Publications.parse(body);
    switch (publication) {
      case Publication.Broadcasts b -> b.broadcasts().forEach(this::broadcast);
      case Publication.RemoteDisconnect d -> warn("a remote disconnect of " + d.identifiers() + " was ignored: the recorder only passes publications on");
      case Publication.Invalid i -> warn("an invalid broadcast was ignored: " + i.reason());
    }
  }

  private void broadcast(Broadcast b) {
    InFlight owner = owner(b);
    if (owner == null) {
      warn("a broadcast to " + b.stream() + " arrived while no RPC call was being handled; it is passed on but not recorded");
    } else {
      synchronized (owner) {
        owner.broadcasts.add(b);
      }
    }
    Consumer<Broadcast> out = broadcaster;
    if (out != null) {
      out.accept(b);
    } else {
      warn("a broadcast to " + b.stream() + " was recorded but went nowhere: no broadcaster is set");
    }
  }

  /** The call a broadcast belongs to: the one of the excluded session, else the latest in flight. */
  private InFlight owner(Broadcast b) {
    List<InFlight> calls = new ArrayList<>(inFlight.values());
    if (calls.isEmpty()) {
      return null;
    }
    if (b.excludeSocket() != null) {
      for (int i = calls.size() - 1; i >= 0; i--) {
        if (b.excludeSocket().equals(calls.get(i).call.sid())) {
          return calls.get(i);
        }
      }
    }
    if (calls.size() > 1) {
      warn("a broadcast to " + b.stream() + " arrived while " + calls.size()
          + " calls were being handled; it is recorded with the latest (" + calls.get(calls.size() - 1).call.describe() + ")");
    }
    return calls.get(calls.size() - 1);
  }

  private synchronized void warn(String text) {
    warnings.add(text);
    LOG.log(System.Logger.Level.WARNING, "recorder: " + text);
  }

  /** The recorded exchanges, in the order the calls arrived. */
  public synchronized List<Recorder.Exchange> exchanges() {
    List<Recorder.Exchange> out = new ArrayList<>(exchanges);
    out.sort(Comparator.comparingLong(Recorder.Exchange::seq));
    return out;
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  public synchronized void clear() {
    exchanges.clear();
    warnings.clear();
  }

  /** Waits until {@code count} recorded exchanges match; returns them, or null on timeout. */
  public synchronized List<Recorder.Exchange> await(Predicate<Recorder.Exchange> filter, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Recorder.Exchange> matching = exchanges().stream().filter(filter).toList();
      if (matching.size() >= count) {
        return matching;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void close() {
    upstream.close();
  }
}
