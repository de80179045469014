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

  private final RedisLink link;
  private final PubSubAdapter subscriber;
  private final ReentrantLock publishLock = new ReentrantLock();
  private Jedis publisher;

  InterNodePubSub(RedisLink link, Ingress local) {
    this.link = link;
    this.subscriber = new PubSubAdapter(link, CHANNEL, "pubsub", message -> {
      JsonNode envelope = parse(message);
      if (envelope != null && envelope.path("payload").isTextual()) {
        local.accept(envelope.get("payload").textValue(), envelope.path("source").asText("pubsub"), true);
      }
    });
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
    subscriber.close();
    publishLock.lock();
    try {
      closePublisher();
    } finally {
      publishLock.unlock();
    }
  }
}
