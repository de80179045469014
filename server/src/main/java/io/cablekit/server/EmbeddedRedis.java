package io.cablekit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A Redis server started in process from the binary bundled with the embedded-redis library, on a
 * free loopback port: for tests and {@code serve --embedded_redis}. Without persistence.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts Redis on a free port. */
  public static EmbeddedRedis start() {
    return start(0);
  }

  /** Starts Redis on {@code port} (0: a free one). */
  public static EmbeddedRedis start(int port) {
    int p = port == 0 ? freePort() : port;
    try {
      RedisServer server =
          RedisServer.newRedisServer()
              .port(p)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("protected-mode no")
              .build();
      server.start();
      return new EmbeddedRedis(server, p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Redis on port " + p, e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
