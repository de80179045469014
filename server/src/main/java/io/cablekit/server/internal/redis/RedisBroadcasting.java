package io.cablekit.server.internal.redis;

import io.cablekit.server.CableConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis side of one node: the {@code redis} and {@code redisx} adapters it was asked for, and
 * the inter-node pub/sub. Starting never waits for Redis: a node whose Redis is down starts, keeps
 * HTTP broadcasting, and connects with backoff.
 */
public final class RedisBroadcasting implements AutoCloseable {
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final InterNodePubSub interNode;
  private final PubSubAdapter legacy;

  /**
   * @param local delivers a message to this node's clients
   * @param malformed counts a malformed entry
   */
  public RedisBroadcasting(CableConfig config, String nodeId, Ingress local, Runnable malformed) {
    RedisLink link = new RedisLink(config.redisUrl());
    this.interNode = config.pubsub().equals("redis") ? new InterNodePubSub(link, nodeId, local) : null;
    if (interNode != null) {
      parts.add(interNode);
    }
    Ingress ingress = (payload, source, fanOut) -> {
      if (!fanOut && interNode != null && publish(payload, source)) {
        return;
      }
      local.accept(payload, source, fanOut);
    };
    this.legacy = config.broadcastAdapters().contains("redis")
        ? new PubSubAdapter(link, config.redisChannel(), "redis adapter", payload -> ingress.accept(payload, "redis", true))
        : null;
    if (legacy != null) {
      parts.add(legacy);
    }
    if (config.broadcastAdapters().contains("redisx")) {
      parts.add(new StreamsAdapter(link, config.redisxStream(), config.redisxGroup(), nodeId,
          config.redisxReadBlock(), ingress, malformed,
          interNode == null ? jedis -> true : interNode::ready));
    }
  }

  /** Whether broadcasts received here must go through the inter-node pub/sub. */
  public boolean relays() {
    return interNode != null;
  }

  /** Relays a message to every node; false when Redis is unavailable. */
  public boolean publish(String payload, String source) {
    return interNode != null && interNode.publish(payload, source);
  }

  /** Waits until the subscriptions are active; false on timeout (Redis down). */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (interNode != null && !interNode.awaitSubscribed(timeout)) {
      return false;
    }
    return legacy == null || legacy.awaitSubscribed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
