package io.cablekit.server.internal.redis;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Connections to one Redis, and the retry policy of everything that uses them: exponential
 * backoff from 100 ms to 5 s, one WARNING when Redis becomes unavailable and one INFO when it is
 * back, never a line per attempt.
 */
final class RedisLink {
  private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final String url;
  private final HostAndPort address;
  private final DefaultJedisClientConfig clientConfig;
  private final AtomicBoolean down = new AtomicBoolean();

  RedisLink(String url) {
    this.url = url;
    URI uri = URI.create(url);
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("redis_url: expected redis://host:port or rediss://, got \"" + url + "\"");
    }
    this.address = new HostAndPort(uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .ssl("rediss".equals(uri.getScheme()))
            .connectionTimeoutMillis(2000)
            .clientName("cablekit");
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        if (colon > 0) {
          b.user(userInfo.substring(0, colon));
        }
        b.password(userInfo.substring(colon + 1));
      } else {
        b.password(userInfo);
      }
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      b.database(Integer.parseInt(path.substring(1)));
    }
    this.clientConfig = b.build();
  }

  String url() {
    return url;
  }

  /** A new connection; {@code readTimeout} zero means reads may block forever (pub/sub). */
  Jedis connect(Duration readTimeout) {
    Jedis jedis = new Jedis(address, DefaultJedisClientConfig.builder()
        .ssl(clientConfig.isSsl())
        .user(clientConfig.getUser())
        .password(clientConfig.getPassword())
        .database(clientConfig.getDatabase())
        .clientName(clientConfig.getClientName())
        .connectionTimeoutMillis(2000)
        .socketTimeoutMillis((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()))
        .build());
    jedis.ping();
    return jedis;
  }

  /** Records a failure; says so once per outage. */
  void failed(String what, Exception e) {
    if (down.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING,
          "Redis at {0} is unavailable ({1}: {2}); retrying with backoff, HTTP broadcasting keeps working",
          url, what, e.getMessage());
    } else {
      LOG.log(System.Logger.Level.DEBUG, () -> "Redis still unavailable: " + what + ": " + e.getMessage());
    }
  }

  /** Records a success; says so once when Redis comes back. */
  void recovered(String what) {
    if (down.compareAndSet(true, false)) {
      LOG.log(System.Logger.Level.INFO, "Redis at {0} is back ({1})", url, what);
    }
  }

  boolean down() {
    return down.get();
  }

  /** The backoff before retry number {@code attempt} (from 0). */
  static long backoffMillis(int attempt) {
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 10));
  }

  /** Sleeps for the backoff; returns false when interrupted (stopping). */
  static boolean pause(int attempt) {
    try {
      TimeUnit.MILLISECONDS.sleep(backoffMillis(attempt));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
