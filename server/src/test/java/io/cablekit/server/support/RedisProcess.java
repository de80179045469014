package io.cablekit.server.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server for tests: the redis-server binary bundled with the embedded-redis library,
 * run as a child process on a free loopback port with append-only persistence, so it can be
 * killed ({@code kill -9}) and restarted on the same port and data without losing acknowledged
 * writes.
 */
public final class RedisProcess implements AutoCloseable {
  private final File binary;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(File binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  public static RedisProcess start() {
    try {
      File binary = ExecutableProvider.newJarResourceProvider().get();
      binary.setExecutable(true);
      RedisProcess redis = new RedisProcess(binary, Files.createTempDirectory("cablekit-redis"), freePort());
      redis.launch();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(
                List.of(binary.getAbsolutePath(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--protected-mode", "no"))
            .redirectErrorStream(true)
            .start();
    CountDownLatch ready = new CountDownLatch(1);
    StringBuilder output = new StringBuilder();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.contains("Ready to accept connections")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // process ended
      }
    });
    try {
      if (!ready.await(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        synchronized (output) {
          throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + output);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server as {@code kill -9} would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts again on the same port and data directory. */
  public void restart() {
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public Duration startupBudget() {
    return Duration.ofSeconds(10);
  }
}
