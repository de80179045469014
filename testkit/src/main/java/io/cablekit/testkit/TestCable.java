package io.cablekit.testkit;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.server.Broadcast;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.EmbeddedRedis;
import io.cablekit.server.JournalEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * One or more CableServer nodes and their MockRpc on free loopback ports, with client factories
 * and broadcasting: what a {@code @CableTest} injects. Start one yourself with {@link #start()}
 * outside JUnit.
 *
 * <p>In contract mode the servers call an external RPC server (the application's) and there is no
 * mock. With Redis broadcasting or several nodes, an embedded Redis runs beside them. Thread-safe.
 */
public final class TestCable implements AutoCloseable {
  private final MockRpc rpc;
  private final EmbeddedRedis redis;
  private final List<CableServer> nodes;
  private final List<CableClients> clients = new ArrayList<>();
  private final Broadcasting broadcasting;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestCable(MockRpc rpc, EmbeddedRedis redis, List<CableServer> nodes, Broadcasting broadcasting) {
    this.rpc = rpc;
    this.redis = redis;
    this.nodes = List.copyOf(nodes);
    this.broadcasting = broadcasting;
    nodes.forEach(n -> clients.add(new CableClients(n)));
    if (rpc != null) {
      rpc.broadcaster(this::publish);
    }
  }

  /** A strict mock and a server, in-process broadcasting. */
  public static TestCable start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server (the first node). */
  public CableServer server() {
    return nodes.get(0);
  }

  /** Node {@code index} (from 0). */
  public CableServer server(int index) {
    return nodes.get(index);
  }

  /** Every node. */
  public List<CableServer> servers() {
    return nodes;
  }

  /**
   * The mock RPC server.
   *
   * @throws IllegalStateException in contract mode, where the application's RPC server answers
   */
  public MockRpc rpc() {
    if (rpc == null) {
      throw new IllegalStateException(
          "this test runs in contract mode against " + server().config().rpcHost() + ": there is no mock RPC");
    }
    return rpc;
  }

  /** Whether the servers call an external RPC server instead of a mock. */
  public boolean contractMode() {
    return rpc == null;
  }

  /** The embedded Redis URL, or null when none runs. */
  public String redisUrl() {
    return redis == null ? null : redis.url();
  }

  /** Clients of the first node. */
  public CableClients clients() {
    return clients.get(0);
  }

  /** Clients of node {@code index}. */
  public CableClients clients(int index) {
    return clients.get(index);
  }

  /** Connects a client to the first node and waits for its welcome. */
  public CableClient connect() {
    return clients().connect();
  }

  public CableClient connect(ConnectOptions options) {
    return clients().connect(options);
  }

  /** Connects a client to node {@code index} and waits for its welcome. */
  public CableClient connectTo(int index) {
    return clients(index).connect();
  }

  /** Publishes {@code data} (JSON text, or any value serialised as JSON) to {@code stream}. */
  public void broadcast(String stream, Object data) {
    String text = data instanceof String s ? s : io.cablekit.protocol.Json.MAPPER.valueToTree(data).toString();
    publish(Broadcast.of(stream, text));
  }

  private void publish(Broadcast broadcast) {
    switch (broadcasting) {
      case IN_PROCESS -> server().broadcast(broadcast);
      case HTTP -> postHttp(broadcast);
      case REDIS -> {
        try (Jedis jedis = new Jedis(java.net.URI.create(redis.url()))) {
          jedis.publish(server().config().redisChannel(), publication(broadcast));
        }
      }
      case REDISX -> {
        try (Jedis jedis = new Jedis(java.net.URI.create(redis.url()))) {
          jedis.xadd(server().config().redisxStream(), StreamEntryID.NEW_ENTRY, Map.of("payload", publication(broadcast)));
        }
      }
    }
  }

  private static String publication(Broadcast broadcast) {
    var body = io.cablekit.protocol.Json.MAPPER.createObjectNode();
    body.put("stream", broadcast.stream());
    body.put("data", broadcast.data());
    if (broadcast.excludeSocket() != null) {
      body.putObject("meta").put("exclude_socket", broadcast.excludeSocket());
    }
    return body.toString();
  }

  private void postHttp(Broadcast broadcast) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server().broadcastUrl().orElseThrow(() -> new IllegalStateException("the http broadcast adapter is off")))
            .POST(HttpRequest.BodyPublishers.ofString(publication(broadcast)))
            .header("Content-Type", "application/json");
    server().broadcastKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("HTTP broadcast answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("HTTP broadcast failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while broadcasting", e);
    }
  }

  /** The publications to {@code stream} so far, from the first node's journal, oldest first. */
  public List<Broadcast> broadcasts(String stream) {
    return server().journal().broadcasts(stream).stream().map(JournalEvent.Published::broadcast).toList();
  }

  /** Runs {@code action} and returns the publications to {@code stream} it caused (Rails' capture_broadcasts). */
  public List<Broadcast> captureBroadcasts(String stream, Runnable action) {
    int before = broadcasts(stream).size();
    action.run();
    List<Broadcast> after = broadcasts(stream);
    return after.subList(before, after.size());
  }

  /** Closes the clients, then the servers, then the mock and Redis. */
  @Override
  public void close() {
    clients.forEach(CableClients::close);
    nodes.forEach(CableServer::close);
    if (rpc != null) {
      rpc.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Builder of a {@link TestCable}. */
  public static final class Builder {
    private String rpcHost;
    private Broadcasting broadcasting = Broadcasting.IN_PROCESS;
    private Mode mode = Mode.STRICT;
    private int nodes = 1;
    private UnaryOperator<CableConfig.Builder> config = b -> b;
    private java.nio.file.Path stubs;

    /** Loads the mock's stubs from a stub file or directory (docs/stub-files.md) at start. */
    public Builder stubs(java.nio.file.Path fileOrDir) {
      stubs = fileOrDir;
      return this;
    }

    /** Contract mode: call this RPC server ({@code host:port} or an HTTP RPC URL) instead of a mock. */
    public Builder rpcHost(String value) {
      rpcHost = value == null || value.isBlank() ? null : value;
      return this;
    }

    public Builder broadcasting(Broadcasting value) {
      broadcasting = value;
      return this;
    }

    /** The mock's mode; {@link Mode#STRICT} by default. */
    public Builder mode(Mode value) {
      mode = value;
      return this;
    }

    /** How many server nodes (sharing the mock and an embedded Redis); 1 by default. */
    public Builder nodes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("nodes: at least 1, got " + value);
      }
      nodes = value;
      return this;
    }

    /** Changes the servers' configuration (ports, RPC host and Redis are set by the testkit). */
    public Builder config(UnaryOperator<CableConfig.Builder> value) {
      config = value;
      return this;
    }

    public TestCable start() {
      boolean needsRedis = nodes > 1 || broadcasting == Broadcasting.REDIS || broadcasting == Broadcasting.REDISX;
      MockRpc rpc = null;
      EmbeddedRedis redis = null;
      List<CableServer> servers = new ArrayList<>();
      try {
        rpc = rpcHost == null ? MockRpc.start(MockRpcConfig.builder().mode(mode).build()) : null;
        if (stubs != null) {
          if (rpc == null) {
            throw new IllegalStateException("stubs " + stubs + " configure the mock, which contract mode replaces");
          }
          try {
            rpc.replaceStubs(io.cablekit.mock.StubFiles.load(stubs));
          } catch (io.cablekit.mock.StubFileException e) {
            throw new IllegalStateException("the stubs do not load:\n" + e.getMessage(), e);
          }
        }
        redis = needsRedis ? EmbeddedRedis.start() : null;
        for (int i = 0; i < nodes; i++) {
          CableConfig.Builder b =
              config.apply(CableConfig.builder().host("127.0.0.1"))
                  .port(0)
                  .httpBroadcastPort(0)
                  .shutdownTimeout(Duration.ofSeconds(5))
                  .closeTimeout(Duration.ofMillis(500))
                  .rpcHost(rpc == null ? rpcHost : rpc.target());
          if (redis != null) {
            List<String> adapters = new ArrayList<>(List.of("http"));
            if (broadcasting == Broadcasting.REDIS) {
              adapters.add("redis");
            }
            if (broadcasting == Broadcasting.REDISX) {
              adapters.add("redisx");
            }
            b.redisUrl(redis.url()).broadcastAdapters(adapters).redisxReadBlock(Duration.ofMillis(200));
            if (nodes > 1) {
              b.pubsub("redis");
            }
          }
          CableServer server = CableServer.start(b.build());
          servers.add(server);
          if (!server.awaitRedis(Duration.ofSeconds(10))) {
            throw new IllegalStateException("the embedded Redis at " + redis.url() + " did not answer");
          }
        }
        return new TestCable(rpc, redis, servers, broadcasting);
      } catch (RuntimeException e) {
        servers.forEach(CableServer::close);
        if (rpc != null) {
          rpc.close();
        }
        if (redis != null) {
          redis.close();
        }
        throw e;
      }
    }
  }
}
