package io.cablekit.server.internal.redis;

import java.time.Duration;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A subscriber to one Redis pub/sub channel on its own virtual thread, resubscribing with backoff
 * whenever the connection drops (Redis restarted, network). Used for the legacy {@code redis}
 * adapter (PROTOCOL.md 4.3: every node subscribes to {@code __anycable__}) and for the
 * inter-node pub/sub.
 */
final class PubSubAdapter implements AutoCloseable {
  interface Listener {
    void message(String payload);
  }

  private final RedisLink link;
  private final String channel;
  private final String name;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Jedis connection;
  private volatile JedisPubSub subscription;
  private final java.util.concurrent.CountDownLatch firstSubscribe = new java.util.concurrent.CountDownLatch(1);

  PubSubAdapter(RedisLink link, String channel, String name, Listener listener) {
    this.link = link;
    this.channel = channel;
    this.name = name;
    this.listener = listener;
    this.thread = Thread.ofVirtual().name("cablekit-" + name).start(this::run);
  }

  /** Whether the subscription is active right now. */
  boolean subscribed() {
    JedisPubSub sub = subscription;
    return running && sub != null && sub.isSubscribed();
  }

  /** Waits until the first subscription is active (for tests and orderly startup). */
  boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    return firstSubscribe.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private void run() {
    int attempt = 0;
    while (running) {
      try (Jedis jedis = link.connect(Duration.ZERO)) {
        connection = jedis;
        JedisPubSub sub = new JedisPubSub() {
          @Override
          public void onSubscribe(String ch, int count) {
            link.recovered(name + " subscribed to " + ch);
            firstSubscribe.countDown();
          }

          @Override
          public void onMessage(String ch, String message) {
            listener.message(message);
          }
        };
        subscription = sub;
        attempt = 0;
        jedis.subscribe(sub, channel);
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        link.failed(name, e);
        if (!RedisLink.pause(attempt++)) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    JedisPubSub sub = subscription;
    try {
      if (sub != null && sub.isSubscribed()) {
        sub.unsubscribe();
      }
    } catch (RuntimeException e) {
      // the connection is already gone
    }
    Jedis c = connection;
    if (c != null) {
      try {
        c.disconnect();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    thread.interrupt();
  }
}
