package io.cablekit.server.internal;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.Broadcast;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableJournal;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.internal.broadcast.Publication;
import io.cablekit.server.internal.broadcast.Publications;
import io.cablekit.server.internal.broker.MemoryBroker;
import io.cablekit.server.internal.broker.PresenceStore;
import io.cablekit.server.internal.hub.Hub;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.rpc.DisconnectQueue;
import io.cablekit.server.internal.rpc.RpcClient;
import io.cablekit.server.internal.rpc.RpcTransport;
import io.cablekit.server.internal.session.CloseCodes;
import io.cablekit.server.internal.session.DisconnectReasons;
import io.cablekit.server.internal.session.RpcRequests;
import io.cablekit.server.internal.session.SessionCache;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.Sessions;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The server core, independent of HTTP: sessions, hub, RPC, disconnect queue, journal and metrics,
 * and what happens when sessions end, publications arrive and the server shuts down.
 */
public final class Node {
  private static final System.Logger LOG = System.getLogger(Node.class.getName());

  private final CableConfig config;
  private final Clock clock;
  private final Metrics metrics = new Metrics();
  private final CableJournal journal;
  private final Hub hub;
  private final MemoryBroker broker;
  private final SessionCache sessionCache;
  private final PresenceStore presence;
  private final RpcClient rpc;
  private final DisconnectQueue disconnects;
  private final Sessions sessions;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private final Metrics.Counter failedBroadcasts;
  private final io.cablekit.server.internal.redis.RedisBroadcasting redis;
  private final String nodeId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private volatile boolean shuttingDown;

  public Node(CableConfig config, RpcTransport transport, CableJournal journal, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.journal = journal;
    this.broker =
        config.broker().equals("memory")
            ? new MemoryBroker(config.historyLimit(), config.historyTtl(), clock)
            : null;
    this.hub = new Hub(16, metrics, broker);
    this.rpc =
        new RpcClient(
            transport,
            config.rpcConcurrency(),
            config.rpcCommandTimeout(),
            config.rpcRequestTimeout(),
            metrics);
    this.disconnects =
        new DisconnectQueue(rpc, config.disconnectRate(), config.disconnectBacklog(), metrics);
    this.sessionCache = broker != null ? new SessionCache(config.sessionsTtl(), clock) : null;
    this.presence = broker != null ? new PresenceStore() : null;
    this.sessions =
        new Sessions(
            rpc,
            hub,
            journal,
            clock,
            config.noauth(),
            metrics,
            b -> publish(b, "client"),
            sessionCache,
            presence);
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("cablekit-timer").factory());
    timers.setRemoveOnCancelPolicy(true);
    this.scheduler = timers;
    if (broker != null) {
      long every = Math.max(1, Math.min(60, config.historyTtl().toSeconds()));
      timers.scheduleWithFixedDelay(
          () -> {
            broker.sweep();
            sessionCache.sweep();
          },
          every,
          every,
          java.util.concurrent.TimeUnit.SECONDS);
    }
    this.failedBroadcasts =
        metrics.counter(
            "failed_broadcast_msg_total", "The total number of unrecognized broadcast messages");
    metrics.gauge("goroutines_num", "The number of live threads", () -> Thread.activeCount());
    boolean needsRedis =
        config.broadcastAdapters().contains("redis")
            || config.broadcastAdapters().contains("redisx")
            || config.pubsub().equals("redis");
    this.redis =
        needsRedis
            ? new io.cablekit.server.internal.redis.RedisBroadcasting(
                config, nodeId, (payload, source, fanOut) -> handleBroadcastMessage(payload, source), failedBroadcasts::inc)
            : null;
    metrics.gauge(
        "mem_sys_bytes",
        "The bytes of memory the JVM holds",
        () -> Runtime.getRuntime().totalMemory());
  }

  public CableConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Metrics metrics() {
    return metrics;
  }

  public CableJournal journal() {
    return journal;
  }

  public Hub hub() {
    return hub;
  }

  public Sessions sessions() {
    return sessions;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Executor running outbox writers, one virtual thread per task. */
  public ExecutorService writers() {
    return writers;
  }

  public boolean shuttingDown() {
    return shuttingDown;
  }

  public String rpcTarget() {
    return rpc.describe();
  }

  /** Registers a new session (right after the upgrade). */
  public void opened(Session session) {
    sessions.registry().add(session);
    journal.record(
        new JournalEvent.SessionOpened(clock.instant(), session.sid(), session.url(), session.headers()));
  }

  /**
   * Cleans up after a session's connection ended, whatever the reason: streams and registration
   * at once, the Disconnect RPC through the rate-limited queue (synchronously while shutting
   * down), PROTOCOL.md 2.6.
   */
  public void ended(Session session, int code, String reason) {
    if (session.ended()) {
      return;
    }
    session.markEnded();
    if (sessionCache != null && session.authenticated() && session.extended() && !shuttingDown) {
      sessionCache.put(session.sid(), session.restorable());
    }
    hub.removeSession(session);
    leavePresenceLater(session);
    boolean disconnect = wantsDisconnect(session);
    boolean stopping = shuttingDown;
    if (disconnect && stopping) {
      // synchronously, and before the session leaves the registry: shutdown waits for the
      // registry to empty, then for the RPCs in flight, so this call is never cut off
      disconnects.callNow(session.sid(), RpcRequests.disconnect(session));
    }
    sessions.registry().remove(session);
    journal.record(
        new JournalEvent.SessionClosed(clock.instant(), session.sid(), session.identifiers(), code, reason));
    if (disconnect && !stopping) {
      disconnects.enqueue(session.sid(), RpcRequests.disconnect(session));
    }
  }

  /** A session that ended leaves its presences after {@code presence_ttl} (PROTOCOL.md 3.6.6). */
  private void leavePresenceLater(Session session) {
    if (presence == null) {
      return;
    }
    Map<String, Session.Presence> joined = session.presences();
    if (joined.isEmpty()) {
      return;
    }
    Runnable leave =
        () -> joined.forEach((id, p) -> sessions.commands().presenceLeft(session.sid(), id, p));
    if (shuttingDown) {
      leave.run();
      return;
    }
    scheduler.schedule(
        () -> Thread.ofVirtual().name("cablekit-presence").start(leave),
        config.presenceTtl().toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private boolean wantsDisconnect(Session session) {
    if (!session.authenticated()) {
      return false;
    }
    return switch (config.disconnectMode()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> session.disconnectInterest();
    };
  }

  /**
   * Publishes one broadcast from the given source (api, ...): through the inter-node pub/sub when
   * there is one, so every node's clients get it, else to this node's clients.
   */
  public void publish(Broadcast broadcast, String source) {
    if (redis != null && redis.relays() && redis.publish(Publications.toJson(broadcast), source)) {
      return;
    }
    deliver(broadcast, source);
  }

  private void deliver(Broadcast broadcast, String source) {
    journal.record(new JournalEvent.Published(clock.instant(), broadcast, source));
    hub.publish(broadcast);
  }

  /**
   * Takes a raw broadcast message received by this node (HTTP, API): rejects it once here when it
   * is invalid, relays it through the inter-node pub/sub when there is one, else handles it.
   * Returns null when accepted, or why it was rejected.
   */
  public String ingress(String body, String source) {
    if (redis != null && redis.relays()) {
      Publication publication = Publications.parse(body);
      if (publication instanceof Publication.Invalid invalid) {
        return reject(body, source, invalid.reason());
      }
      if (redis.publish(body, source)) {
        return null;
      }
    }
    return handleBroadcastMessage(body, source);
  }

  /** Waits until the Redis subscriptions are active; true at once without Redis. */
  public boolean awaitRedis(java.time.Duration timeout) throws InterruptedException {
    return redis == null || redis.awaitReady(timeout);
  }

  /**
   * Handles a raw broadcast message (PROTOCOL.md 4.1, 4.2). Returns null when handled, or the
   * reason it was rejected (also logged and counted).
   */
  public String handleBroadcastMessage(String body, String source) {
    Publication publication = Publications.parse(body);
    switch (publication) {
      case Publication.Broadcasts b -> b.broadcasts().forEach(x -> deliver(x, source));
      case Publication.RemoteDisconnect d -> remoteDisconnect(d.identifiers(), d.reconnect());
      case Publication.Invalid invalid -> {
        return reject(body, source, invalid.reason());
      }
    }
    return null;
  }

  private String reject(String body, String source, String reason) {
    failedBroadcasts.inc();
    LOG.log(
        System.Logger.Level.WARNING,
        "{0} broadcast rejected: {1}; message: {2}",
        source,
        reason,
        body.length() > 200 ? body.substring(0, 200) + "..." : body);
    return reason;
  }

  /**
   * Closes every session whose identifiers equal {@code identifiers} exactly (DECISIONS.md: all of
   * them, as Action Cable does). Returns how many were closed.
   */
  public int remoteDisconnect(String identifiers, boolean reconnect) {
    List<Session> matching = sessions.registry().withIdentifiers(identifiers);
    for (Session session : matching) {
      session.close(
          ServerFrames.disconnect(DisconnectReasons.REMOTE, reconnect),
          CloseCodes.NORMAL,
          CloseCodes.CLOSED_REMOTELY);
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "remote disconnect of {0} closed {1} session(s)",
        identifiers,
        matching.size());
    return matching.size();
  }

  /**
   * Graceful shutdown (PROTOCOL.md 5.2): refuse new connections, tell every session to reconnect
   * and close it with 1001, call Disconnect for each, drain the queue and wait for RPCs in flight,
   * all within {@code shutdown_timeout}.
   */
  public void shutdown(Duration awaitSessions) {
    shuttingDown = true;
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    for (Session session : sessions.registry().all()) {
      session.close(
          ServerFrames.disconnect(DisconnectReasons.SERVER_RESTART, true),
          CloseCodes.GOING_AWAY,
          CloseCodes.SERVER_RESTART);
    }
    sessions.registry().awaitEmpty(Math.min(deadline, System.nanoTime() + awaitSessions.toNanos()));
    disconnects.drain(remaining(deadline));
    rpc.awaitIdle(remaining(deadline));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** Releases threads and the RPC channel. Call after {@link #shutdown}. */
  public void close() {
    if (redis != null) {
      redis.close();
    }
    disconnects.close();
    hub.close();
    scheduler.shutdownNow();
    writers.shutdown();
    rpc.close();
  }
}
