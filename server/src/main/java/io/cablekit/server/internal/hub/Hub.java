package io.cablekit.server.internal.hub;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.broker.MemoryBroker;
import io.cablekit.server.internal.connection.WsFrames;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Subscriptions as (session, identifier, stream) triples and the fan-out of publications
 * (PROTOCOL.md 4.4). Streams are spread over shards by hash; each shard delivers its publications
 * one at a time from a queue, so publications to one stream reach each client in order. Each
 * shard has its own lock: there is no global lock on the broadcast path.
 *
 * <p>A publication is encoded once per (stream, identifier), then the same frame bytes are queued
 * to every session subscribed under that identifier.
 */
public final class Hub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  private static final Broadcast STOP = Broadcast.of("\0stop", "");

  private final Shard[] shards;
  private final MemoryBroker broker;
  private final AtomicInteger streamCount = new AtomicInteger();
  private final Metrics.Counter published;

  public Hub(int shardCount, Metrics metrics) {
    this(shardCount, metrics, null);
  }

  /**
   * A hub that stores each non-transient publication in {@code broker} and delivers it with its
   * stream position (PROTOCOL.md 3.6.1).
   *
   * @param broker the broker, or null for none
   */
  public Hub(int shardCount, Metrics metrics, MemoryBroker broker) {
    this.broker = broker;
    this.published =
        metrics.counter("broadcast_msg_total", "The total number of broadcast messages handled");
    metrics.gauge("broadcast_streams_num", "The number of active broadcasting streams", streamCount::get);
    this.shards = new Shard[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard(i);
    }
  }

  /** Subscribes (session, identifier) to a stream; subscribing twice is idempotent. */
  public void subscribe(Session session, String identifier, String stream) {
    if (!session.addStream(identifier, stream)) {
      return;
    }
    shard(stream).add(session, identifier, stream);
  }

  /** Unsubscribes (session, identifier) from one stream; returns whether it was subscribed. */
  public boolean unsubscribe(Session session, String identifier, String stream) {
    if (!session.removeStream(identifier, stream)) {
      return false;
    }
    shard(stream).remove(session, identifier, stream);
    return true;
  }

  /** Unsubscribes (session, identifier) from every stream; returns the streams it left. */
  public List<String> unsubscribeAll(Session session, String identifier) {
    List<String> removed = new ArrayList<>();
    for (String stream : session.streams(identifier)) {
      if (unsubscribe(session, identifier, stream)) {
        removed.add(stream);
      }
    }
    return removed;
  }

  /** Removes every subscription of a session (when it closes). */
  public void removeSession(Session session) {
    session.allStreams().forEach((identifier, set) -> set.forEach(s -> unsubscribe(session, identifier, s)));
  }

  /** Queues a publication for delivery; returns at once. */
  public void publish(Broadcast broadcast) {
    published.inc();
    shard(broadcast.stream()).queue.add(broadcast);
  }

  /** The broker that stores publications, or null when there is none. */
  public MemoryBroker broker() {
    return broker;
  }

  /** Returns the number of streams with at least one subscriber. */
  public int streamCount() {
    return streamCount.get();
  }

  /** Returns the sids subscribed to a stream, per identifier (for inspection). */
  public Map<String, List<String>> subscribers(String stream) {
    return shard(stream).subscribers(stream);
  }

  private Shard shard(String stream) {
    // FNV-1a, as anycable-go's gates (PROTOCOL.md 4.4)
    int hash = 0x811c9dc5;
    for (int i = 0; i < stream.length(); i++) {
      hash ^= stream.charAt(i);
      hash *= 0x01000193;
    }
    return shards[Math.floorMod(hash, shards.length)];
  }

  @Override
  public void close() {
    for (Shard shard : shards) {
      shard.queue.add(STOP);
    }
  }

  private final class Shard {
    private final LinkedBlockingQueue<Broadcast> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map<String, Set<Session>>> streams = new HashMap<>();

    Shard(int index) {
      Thread.ofVirtual().name("cablekit-hub-" + index).start(this::run);
    }

    void add(Session session, String identifier, String stream) {
      lock.lock();
      try {
        Map<String, Set<Session>> groups = streams.get(stream);
        if (groups == null) {
          groups = new LinkedHashMap<>();
          streams.put(stream, groups);
          streamCount.incrementAndGet();
        }
        groups.computeIfAbsent(identifier, k -> new LinkedHashSet<>()).add(session);
      } finally {
        lock.unlock();
      }
    }

    void remove(Session session, String identifier, String stream) {
      lock.lock();
      try {
        Map<String, Set<Session>> groups = streams.get(stream);
        if (groups == null) {
          return;
        }
        Set<Session> sessions = groups.get(identifier);
        if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
          groups.remove(identifier);
          if (groups.isEmpty()) {
            streams.remove(stream);
            streamCount.decrementAndGet();
          }
        }
      } finally {
        lock.unlock();
      }
    }

    Map<String, List<String>> subscribers(String stream) {
      lock.lock();
      try {
        Map<String, List<String>> out = new LinkedHashMap<>();
        streams
            .getOrDefault(stream, Map.of())
            .forEach((id, set) -> out.put(id, set.stream().map(Session::sid).toList()));
        return out;
      } finally {
        lock.unlock();
      }
    }

    private void run() {
      while (true) {
        Broadcast broadcast;
        try {
          broadcast = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (broadcast == STOP) {
          return;
        }
        try {
          deliver(broadcast);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "broadcast to " + broadcast.stream() + " failed", e);
        }
      }
    }

    private void deliver(Broadcast broadcast) {
      String message = null;
      String exclude = broadcast.excludeSocket();
      String streamId = null;
      long offset = 0;
      lock.lock();
      try {
        if (broker != null && !broadcast.isTransient()) {
          // stamped in delivery order: the shard delivers one publication of a stream at a time
          message = ServerFrames.messageValue(broadcast.data());
          offset = broker.append(broadcast.stream(), message, broadcast.type());
          streamId = broadcast.stream();
        }
        Map<String, Set<Session>> groups = streams.get(broadcast.stream());
        if (groups == null) {
          return;
        }
        if (message == null) {
          message = ServerFrames.messageValue(broadcast.data());
        }
        for (Map.Entry<String, Set<Session>> group : groups.entrySet()) {
          byte[] frame =
              WsFrames.text(
                  ServerFrames.channelMessage(
                      group.getKey(),
                      message,
                      broadcast.type(),
                      streamId,
                      streamId == null ? null : broker.epoch(),
                      offset));
          for (Session session : group.getValue()) {
            if (exclude != null && exclude.equals(session.sid())) {
              continue;
            }
            session.sendFrame(frame);
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
