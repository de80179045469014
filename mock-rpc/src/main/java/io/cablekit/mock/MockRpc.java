package io.cablekit.mock;

import io.cablekit.mock.internal.dispatch.Dispatcher;
import io.cablekit.mock.internal.journal.Journal;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.mock.internal.reports.NearMiss;
import io.cablekit.mock.internal.stubs.StubRegistry;
import io.cablekit.mock.internal.transport.GrpcService;
import io.cablekit.mock.internal.transport.HttpRpcEndpoint;
import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.http.TcpOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A scriptable AnyCable RPC server: {@code anycable.RPC} over gRPC and over HTTP RPC on one port,
 * answering from stubs declared in Java or loaded from files, journaling every call.
 *
 * <pre>{@code
 * try (MockRpc rpc = MockRpc.start()) {
 *   rpc.onConnect().withCookie("uid", present()).reply(accept(Map.of("user", "{{cookies.uid}}")));
 *   rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));
 *   // point a CableServer at rpc.target() ...
 *   rpc.verify(Count.once(), RequestPattern.subscribe("ChatChannel"));
 * }
 * }</pre>
 *
 * <p>Every instance is independent (no static state), so tests can run in parallel. Thread-safe.
 */
public final class MockRpc implements AutoCloseable {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final MockRpcConfig config;
  private final StubRegistry stubs = new StubRegistry();
  private final Journal journal;
  private final Dispatcher dispatcher;
  private final WebServer web;

  private MockRpc(MockRpcConfig config, Clock clock) {
    this.config = config;
    this.journal = new Journal(config.journalLimit());
    this.dispatcher = new Dispatcher(stubs, journal, config.mode(), clock);
    HttpRpcEndpoint http = new HttpRpcEndpoint(dispatcher, config.httpSecret());
    HttpRouting.Builder routing = HttpRouting.builder();
    http.register(routing, config.httpPath());
    config.extraRoutes().forEach(r -> r.accept(this, routing));
    this.web =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .shutdownHook(false)
            .connectionOptions(TcpOptions::noDelay)
            .addRouting(
                GrpcRouting.builder()
                    .intercept(GrpcService.sidInterceptor())
                    .service(new GrpcService(dispatcher)))
            .routing(routing)
            .build();
  }

  /** Starts a strict mock on a free loopback port. */
  public static MockRpc start() {
    return start(MockRpcConfig.builder().build());
  }

  /** Starts a mock with the given settings. */
  public static MockRpc start(MockRpcConfig config) {
    MockRpc mock = new MockRpc(config, Clock.systemUTC());
    mock.web.start();
    return mock;
  }

  public MockRpcConfig config() {
    return config;
  }

  /** The port serving gRPC, HTTP RPC and the admin API. */
  public int port() {
    return web.port();
  }

  /** The gRPC target for {@code --rpc_host}: {@code host:port}. */
  public String target() {
    return config.dialHost() + ":" + port();
  }

  /** The HTTP RPC base URL for {@code --rpc_host}, e.g. {@code http://127.0.0.1:5000/_anycable}. */
  public String httpUrl() {
    return "http://" + config.dialHost() + ":" + port() + config.httpPath();
  }


  // ---- stubbing ----

  public StubBuilder onConnect() {
    return on(RequestPattern.connect());
  }

  public StubBuilder onSubscribe(String channel) {
    return on(RequestPattern.subscribe(channel));
  }

  public StubBuilder onUnsubscribe(String channel) {
    return on(RequestPattern.unsubscribe(channel));
  }

  public StubBuilder onPerform(String channel, String action) {
    return on(RequestPattern.perform(channel, action));
  }

  public StubBuilder onDisconnect() {
    return on(RequestPattern.disconnect());
  }

  /** Starts a stub for calls matching {@code pattern}. */
  public StubBuilder on(RequestPattern pattern) {
    return new StubBuilder(pattern, stubs::add);
  }

  /** Adds a stub built elsewhere (files, admin API). */
  public Stub stub(Stub stub) {
    stubs.add(stub);
    return stub;
  }

  /** Replaces every stub at once (sequences and scenarios restart). */
  public void replaceStubs(List<Stub> replacement) {
    stubs.replaceAll(replacement);
  }

  /**
   * Atomically replaces the stubs {@code which} selects with {@code replacement} (in the place of
   * the first one replaced), keeping the others with their hit counts; used to reload one set of
   * files without touching stubs added by other means.
   */
  public void replaceStubs(java.util.function.Predicate<Stub> which, List<Stub> replacement) {
    stubs.replace(which, replacement);
  }

  public boolean removeStub(String id) {
    return stubs.remove(id);
  }

  /** The stubs, in the order they were added. */
  public List<Stub> stubs() {
    return stubs.all();
  }

  /** How many calls each stub answered, by stub id. */
  public Map<String, Integer> stubHits() {
    return stubs.hits();
  }

  public void resetStubs() {
    stubs.clear();
  }

  /** Forgets stubs, journal and scenario states. */
  public void reset() {
    stubs.clear();
    journal.clear();
  }

  /** Changes what unmatched subscribes and performs get. */
  public void mode(Mode mode) {
    dispatcher.mode(mode);
  }

  public Mode mode() {
    return dispatcher.mode();
  }

  /**
   * Sets where stub broadcasts go: {@code CableServer::broadcast} in process, or an HTTP
   * broadcast client. Without one, broadcasts are only journaled.
   */
  public void broadcaster(Consumer<Broadcast> broadcaster) {
    dispatcher.broadcaster(broadcaster);
  }

  /**
   * Publishes a broadcast through the broadcaster, as a stub's broadcast would.
   *
   * @throws IllegalStateException when no broadcaster is set
   */
  public void broadcast(Broadcast broadcast) {
    dispatcher.broadcast(broadcast);
  }

  // ---- scenarios ----

  public Map<String, String> scenarios() {
    return stubs.scenarios();
  }

  public String scenarioState(String name) {
    return stubs.scenarioState(name);
  }

  public void setScenarioState(String name, String state) {
    stubs.setScenarioState(name, state);
  }

  /** Puts every scenario back in {@link Stub#STARTED} and restarts every sequence. */
  public void resetScenarios() {
    stubs.resetScenarios();
  }

  // ---- journal ----

  /** Every call received, oldest first. */
  public List<RecordedCall> calls() {
    return journal.all();
  }

  /** The calls no stub matched. */
  public List<RecordedCall> unmatched() {
    return journal.all().stream().filter(RecordedCall::unmatched).toList();
  }

  /** The calls of subscribe and perform that no stub matched: what strict mode reports. */
  public List<RecordedCall> strictFailures() {
    return journal.all().stream().filter(c -> "strict".equals(c.defaultReply())).toList();
  }

  /** The near-miss report of an unmatched call: the closest stubs and why each did not match. */
  public String nearMisses(RecordedCall call) {
    return NearMiss.unmatched(call.call(), stubs.all());
  }

  /** Throws with the near-miss report of every strict-mode failure, if there was one. */
  public void assertNoUnmatched() {
    List<RecordedCall> failures = strictFailures();
    if (!failures.isEmpty()) {
      StringBuilder out = new StringBuilder();
      out.append(failures.size()).append(failures.size() == 1 ? " call" : " calls").append(" matched no stub:");
      for (RecordedCall c : failures) {
        out.append("\n\n").append(nearMisses(c));
      }
      throw new VerificationException(out.toString());
    }
  }

  /** The oldest call not taken yet, waiting up to 5 s; fails when none arrives. */
  public RecordedCall takeCall() {
    return takeCall(DEFAULT_WAIT);
  }

  /** The oldest call not taken yet, waiting up to {@code timeout}; fails when none arrives. */
  public RecordedCall takeCall(Duration timeout) {
    try {
      RecordedCall call = journal.take(timeout);
      if (call == null) {
        throw new VerificationException("Expecting an RPC call within " + timeout.toMillis() + " ms, but none arrived.");
      }
      return call;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("interrupted while waiting for an RPC call");
    }
  }

  public void clearJournal() {
    journal.clear();
  }

  /** Calls {@code listener} for every call from now on, on the RPC thread. */
  public AutoCloseable onCall(Consumer<RecordedCall> listener) {
    return journal.subscribe(listener);
  }

  // ---- verification ----

  /** Fails unless at least one call matched {@code pattern}. */
  public void verify(RequestPattern pattern) {
    verify(Count.atLeast(1), pattern);
  }

  /** Fails unless exactly {@code times} calls matched. */
  public void verify(int times, RequestPattern pattern) {
    verify(Count.times(times), pattern);
  }

  /** Fails unless the number of matching calls satisfies {@code count}; the message shows the closest calls. */
  public void verify(Count count, RequestPattern pattern) {
    List<RecordedCall> all = journal.all();
    int matched = count(all, pattern);
    if (!count.accepts(matched)) {
      throw new VerificationException(NearMiss.verification(pattern, count, all, matched));
    }
  }

  /**
   * Waits up to {@code timeout} for the number of matching calls to satisfy {@code count}, then
   * verifies. Use it for calls made asynchronously (a Disconnect after a socket closes).
   */
  public void verifyWithin(Duration timeout, Count count, RequestPattern pattern) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        List<RecordedCall> all = journal.all();
        int matched = count(all, pattern);
        if (count.accepts(matched)) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new VerificationException(
              NearMiss.verification(pattern, count, all, matched) + "\n(waited " + timeout.toMillis() + " ms)");
        }
        journal.await(c -> true, all.size() + 1, Duration.ofNanos(left));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("interrupted while waiting for RPC calls");
    }
  }

  /** The calls matching {@code pattern}, oldest first. */
  public List<RecordedCall> findAll(RequestPattern pattern) {
    return journal.all().stream().filter(c -> pattern.mismatches(new CallView(c.call())).isEmpty()).toList();
  }

  private static int count(List<RecordedCall> calls, RequestPattern pattern) {
    int n = 0;
    for (RecordedCall c : calls) {
      if (pattern.mismatches(new CallView(c.call())).isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /** Stops the servers. Idempotent. */
  @Override
  public void close() {
    if (web.isRunning()) {
      web.stop();
    }
  }
}
