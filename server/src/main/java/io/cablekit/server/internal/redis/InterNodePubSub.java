package io.cablekit.server.internal.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.Jedis;

/**
 * Delivery between nodes ({@code --pubsub=redis}, DECISIONS.md "Multi-node with Redis"): a node
 * that receives a broadcast over HTTP, redisx or its API publishes it on {@code
 * __anycable_internal__}, and every node (itself included) delivers what it hears there to its own
 * clients: each client gets it once, from the node that holds it.
 */
final class InterNodePubSub implements AutoCloseable {
  static final String CHANNEL = "__anycable_internal__";
  /** Sorted set of node ids scored by their last heartbeat (ms), written while subscribed. */
  static final String NODES = CHANNEL + ":nodes";
  private static final long HEARTBEAT_MS = 1_000;
  private static final long LIVE_MS = 5_000;

  private final RedisLink link;
  private final String nodeId;
  private final PubSubAdapter subscriber;
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Thread heartbeat;
  private volatile boolean running = true;
  private Jedis publisher;

  InterNodePubSub(RedisLink link, String nodeId, Ingress local) {
    this.link = link;
    this.nodeId = nodeId;
    this.subscriber = new PubSubAdapter(link, CHANNEL, "pubsub", message -> {
      JsonNode envelope = parse(message);
      if (envelope != null && envelope.path("payload").isTextual()) {
        local.accept(envelope.get("payload").textValue(), envelope.path("source").asText("pubsub"), true);
      }
    });
    this.heartbeat = Thread.ofVirtual().name("cablekit-pubsub-heartbeat").start(this::beat);
  }

  /** While this node's subscription is active, tells the others it listens (see {@link #ready}). */
  private void beat() {
    Jedis jedis = null;
    while (running) {
      try {
        if (subscriber.subscribed()) {
          if (jedis == null) {
            jedis = link.connect(java.time.Duration.ofSeconds(2));
          }
          long now = System.currentTimeMillis();
          jedis.zadd(NODES, now, nodeId);
          jedis.zremrangeByScore(NODES, Double.NEGATIVE_INFINITY, now - 60_000);
        }
      } catch (RuntimeException e) {
        if (jedis != null) {
          try {
            jedis.close();
          } catch (RuntimeException ignored) {
            // broken already
          }
        }
        jedis = null;
      }
      try {
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(HEARTBEAT_MS);
      } catch (InterruptedException e) {
        break;
      }
    }
    if (jedis != null) {
      try {
        jedis.zrem(NODES, nodeId);
        jedis.close();
      } catch (RuntimeException e) {
        // Redis gone: the entry ages out
      }
    }
  }

  /**
   * Whether every node seen alive recently is subscribed right now, so a relayed message reaches
   * them all. After Redis restarts, nodes resubscribe with backoff; a reader that relays before
   * they are back would lose messages for their clients, so it waits for this.
   */
  boolean ready(Jedis jedis) {
    long live = jedis.zcount(NODES, System.currentTimeMillis() - LIVE_MS, Double.POSITIVE_INFINITY);
    Long subscribed = jedis.pubsubNumSub(CHANNEL).getOrDefault(CHANNEL, 0L);
    return subscribed >= live && subscriber.subscribed();
  }

  boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    return subscriber.awaitSubscribed(timeout);
  }

  /** Publishes to every node; false when Redis is unavailable (the caller delivers locally). */
  boolean publish(String payload, String source) {
    var envelope = Json.MAPPER.createObjectNode().put("source", source).put("payload", payload);
    publishLock.lock();
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          if (publisher == null) {
            publisher = link.connect(Duration.ofSeconds(2));
          }
          publisher.publish(CHANNEL, envelope.toString());
          link.recovered("pubsub publish");
          return true;
        } catch (RuntimeException e) {
          closePublisher();
          if (attempt == 1) {
            link.failed("pubsub publish", e);
          }
        }
      }
      return false;
    } finally {
      publishLock.unlock();
    }
  }

  private void closePublisher() {
    if (publisher != null) {
      try {
        publisher.close();
      } catch (RuntimeException e) {
        // already broken
      }
      publisher = null;
    }
  }

  private static JsonNode parse(String message) {
    try {
      return Json.MAPPER.readTree(message);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    running = false;
    heartbeat.interrupt();
    subscriber.close();
    publishLock.lock();
    try {
      closePublisher();
    } finally {
      publishLock.unlock();
    }
  }
}
