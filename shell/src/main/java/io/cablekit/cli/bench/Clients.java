package io.cablekit.cli.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.time.Duration;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of a bench run, spread over a few selector threads ({@link Loop}). Connections
 * are opened at a bounded rate with a bounded number of handshakes in flight, so that a
 * 10,000-client run does not SYN-flood the server's accept backlog.
 */
final class Clients implements AutoCloseable {
  /** Handshakes (and subscriptions) in flight at most. */
  static final int MAX_IN_FLIGHT = 500;
  /** Waiting for the last clients ends when none became ready or failed for this long. */
  static final long STALL_NANOS = 10_000_000_000L;

  private final URI url;
  private final boolean raw;
  private final byte[] subscribeFrame;
  private final InetSocketAddress server;
  private final List<InetSocketAddress> sources;
  private final Loop[] loops;
  private final List<Client> clients = new ArrayList<>();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger lostAfterReady = new AtomicInteger();
  private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();
  private final LongAdder stamped = new LongAdder();
  private Latencies connectTimes = new Latencies();
  private volatile Window window;
  private Client publisher;

  Clients(BenchOptions options) throws IOException {
    this.url = options.url();
    this.raw = options.raw();
    String command =
        "{\"command\":\"subscribe\",\"identifier\":" + BenchOptions.quote(options.identifier()) + "}";
    this.subscribeFrame = Wire.textFrame(command);
    int port = url.getPort() > 0 ? url.getPort() : 80;
    this.server = new InetSocketAddress(url.getHost(), port);
    if (server.isUnresolved()) {
      throw new IOException("cannot resolve " + url.getHost());
    }
    this.sources = options.localAddresses().stream().map(a -> new InetSocketAddress(a, 0)).toList();
    this.loops = new Loop[options.threads()];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new Loop(i, this);
    }
  }

  URI url() {
    return url;
  }

  boolean raw() {
    return raw;
  }

  byte[] subscribeFrame() {
    return subscribeFrame;
  }

  int loopCount() {
    return loops.length;
  }

  Window window() {
    return window;
  }

  /** Starts measuring deliveries of the broadcasts numbered {@code from} to {@code to}. */
  Window open(long from, long to) {
    Window w = new Window(from, to, loops.length);
    window = w;
    return w;
  }

  void closeWindow() {
    window = null;
  }

  /** Measured clients connected and subscribed (ready for deliveries). */
  int ready() {
    return ready.get();
  }

  int failed() {
    return failed.get();
  }

  int lostAfterReady() {
    return lostAfterReady.get();
  }

  /** Failure and problem messages with their counts, and resets them. */
  Map<String, Long> takeProblems() {
    Map<String, Long> out = new java.util.TreeMap<>();
    problems.forEach((k, v) -> out.put(k, v.sum()));
    problems.clear();
    return out;
  }

  /** Connect times (start of connect to subscribed) since the last call, and resets them. */
  Latencies takeConnectTimes() {
    Latencies l = connectTimes;
    connectTimes = new Latencies();
    return l;
  }

  /**
   * Opens clients until {@code target} measured clients exist, at {@code perSecond}; returns when
   * every new client is ready or failed, or at {@code deadlineNanos}.
   */
  void connect(int target, double perSecond, long deadlineNanos, Progress progress) throws InterruptedException {
    int first = clients.size();
    int wanted = target - first;
    int readyStart = ready.get() + lostAfterReady.get();
    int failedStart = failed.get();
    java.util.function.IntSupplier settled =
        () -> ready.get() + lostAfterReady.get() - readyStart + failed.get() - failedStart;
    long start = System.nanoTime();
    long interval = (long) (1e9 / perSecond);
    for (int i = 0; i < wanted && System.nanoTime() < deadlineNanos; i++) {
      while (i - settled.getAsInt() >= MAX_IN_FLIGHT && System.nanoTime() < deadlineNanos) {
        LockSupport.parkNanos(1_000_000);
        progress.update("connect", settled.getAsInt(), wanted);
      }
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      clients.add(open(first + i, false));
      progress.update("connect", settled.getAsInt(), wanted);
    }
    int last = -1;
    long lastChange = System.nanoTime();
    while (settled.getAsInt() < clients.size() - first && System.nanoTime() < deadlineNanos) {
      Thread.sleep(20);
      int now = settled.getAsInt();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > STALL_NANOS) {
        break;
      }
      progress.update("connect", now, wanted);
    }
    giveUp(first);
    progress.done("connect", settled.getAsInt(), wanted);
  }

  /** Fails the clients from {@code first} on that are still not ready (no welcome or confirmation). */
  private void giveUp(int first) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(loops.length);
    for (Client c : clients.subList(first, clients.size())) {
      if (c.state < Client.READY) {
        c.loop.execute(() -> c.loop.fail(c, c.state == Client.SUBSCRIBING
            ? "no subscription confirmation in time" : "not connected in time"));
      }
    }
    for (Loop loop : loops) {
      loop.execute(done::countDown);
    }
    done.await(10, TimeUnit.SECONDS);
  }

  /** Clients opened so far (ready, failed or in flight). */
  int opened() {
    return clients.size();
  }

  /** Opens (once) an extra client that publishes with {@code --via=action}; waits until it is ready. */
  Client publisher(Duration timeout) throws IOException, InterruptedException {
    if (publisher == null) {
      publisher = open(-1, true);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (publisher.state < Client.READY && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (!publisher.ready()) {
      throw new IOException("the publishing client could not subscribe: " + takeProblems());
    }
    return publisher;
  }

  /** Sends a frame on a client, from any thread. */
  void send(Client c, byte[] frame) {
    c.loop.execute(() -> c.loop.send(c, frame));
  }

  private Client open(int index, boolean isPublisher) {
    Loop loop = loops[Math.floorMod(index, loops.length)];
    Client c = new Client(index, isPublisher, loop);
    c.startedNanos = System.nanoTime();
    try {
      SocketChannel ch = SocketChannel.open();
      c.channel = ch;
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (!sources.isEmpty()) {
        ch.bind(sources.get(Math.floorMod(index, sources.size())));
      }
      boolean connected = ch.connect(server);
      loop.execute(() -> loop.register(c, connected));
    } catch (IOException e) {
      c.state = Client.FAILED;
      try {
        if (c.channel != null) {
          c.channel.close();
        }
      } catch (IOException ignored) {
        // nothing to release
      }
      failed(c, e.getMessage() == null ? e.toString() : e.getMessage(), false);
    }
    return c;
  }

  /** Stamped messages received by measured clients so far, measured or not (late, warm-up). */
  long stamped() {
    return stamped.sum();
  }

  // ---- called by the loops ----

  void stampedMessage() {
    stamped.increment();
  }

  void ready(Client c, long elapsedNanos) {
    if (c.publisher) {
      return;
    }
    connectTimes.add(TimeUnit.NANOSECONDS.toMicros(elapsedNanos));
    ready.incrementAndGet();
  }

  void failed(Client c, String reason, boolean wasReady) {
    problem(reason);
    if (c.publisher) {
      return;
    }
    if (wasReady) {
      ready.decrementAndGet();
      lostAfterReady.incrementAndGet();
    } else {
      failed.incrementAndGet();
    }
  }

  void problem(String text) {
    problems.computeIfAbsent(text, k -> new LongAdder()).increment();
  }

  /** Closes every client (a close frame, then the socket) and stops the loops. */
  @Override
  public void close() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(loops.length);
    for (Client c : clients) {
      c.loop.execute(() -> c.loop.close(c));
    }
    if (publisher != null) {
      publisher.loop.execute(() -> publisher.loop.close(publisher));
    }
    for (Loop loop : loops) {
      loop.execute(done::countDown);
    }
    done.await(10, TimeUnit.SECONDS);
    for (Loop loop : loops) {
      loop.stop();
    }
  }
}
