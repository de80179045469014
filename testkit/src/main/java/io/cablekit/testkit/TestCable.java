package io.cablekit.testkit;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.MockRpcConfig;
import io.cablekit.mock.Mode;
import io.cablekit.server.Broadcast;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.JournalEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A CableServer and its MockRpc on free loopback ports, with a client factory and broadcasting:
 * what a {@code @CableTest} injects. Start one yourself with {@link #start()} outside JUnit.
 *
 * <p>In contract mode the server calls an external RPC server (the application's) and there is no
 * mock. Thread-safe.
 */
public final class TestCable implements AutoCloseable {
  private final MockRpc rpc;
  private final CableServer server;
  private final CableClients clients;
  private final Broadcasting broadcasting;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestCable(MockRpc rpc, CableServer server, Broadcasting broadcasting) {
    this.rpc = rpc;
    this.server = server;
    this.broadcasting = broadcasting;
    this.clients = new CableClients(server);
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

  /** The server. */
  public CableServer server() {
    return server;
  }

  /**
   * The mock RPC server.
   *
   * @throws IllegalStateException in contract mode, where the application's RPC server answers
   */
  public MockRpc rpc() {
    if (rpc == null) {
      throw new IllegalStateException(
          "this test runs in contract mode against " + server.config().rpcHost() + ": there is no mock RPC");
    }
    return rpc;
  }

  /** Whether the server calls an external RPC server instead of a mock. */
  public boolean contractMode() {
    return rpc == null;
  }

  public CableClients clients() {
    return clients;
  }

  /** Connects a client and waits for its welcome. */
  public CableClient connect() {
    return clients.connect();
  }

  public CableClient connect(ConnectOptions options) {
    return clients.connect(options);
  }

  /** Publishes {@code data} (JSON text, or any value serialised as JSON) to {@code stream}. */
  public void broadcast(String stream, Object data) {
    String text = data instanceof String s ? s : io.cablekit.protocol.Json.MAPPER.valueToTree(data).toString();
    publish(Broadcast.of(stream, text));
  }

  private void publish(Broadcast broadcast) {
    if (broadcasting == Broadcasting.IN_PROCESS) {
      server.broadcast(broadcast);
      return;
    }
    var body = io.cablekit.protocol.Json.MAPPER.createObjectNode();
    body.put("stream", broadcast.stream());
    body.put("data", broadcast.data());
    if (broadcast.excludeSocket() != null) {
      body.putObject("meta").put("exclude_socket", broadcast.excludeSocket());
    }
    HttpRequest request =
        HttpRequest.newBuilder(server.broadcastUrl().orElseThrow(() -> new IllegalStateException("the http broadcast adapter is off")))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .header("Content-Type", "application/json")
            .build();
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

  /** The publications to {@code stream} so far, from the server's journal, oldest first. */
  public List<Broadcast> broadcasts(String stream) {
    return server.journal().broadcasts(stream).stream().map(JournalEvent.Published::broadcast).toList();
  }

  /** Runs {@code action} and returns the publications to {@code stream} it caused (Rails' capture_broadcasts). */
  public List<Broadcast> captureBroadcasts(String stream, Runnable action) {
    int before = broadcasts(stream).size();
    action.run();
    List<Broadcast> after = broadcasts(stream);
    return after.subList(before, after.size());
  }

  /** Closes the clients, then the server, then the mock. */
  @Override
  public void close() {
    clients.close();
    server.close();
    if (rpc != null) {
      rpc.close();
    }
  }

  /** Builder of a {@link TestCable}. */
  public static final class Builder {
    private String rpcHost;
    private Broadcasting broadcasting = Broadcasting.IN_PROCESS;
    private Mode mode = Mode.STRICT;
    private UnaryOperator<CableConfig.Builder> config = b -> b;

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

    /** Changes the server's configuration (ports and RPC host are set by the testkit). */
    public Builder config(UnaryOperator<CableConfig.Builder> value) {
      config = value;
      return this;
    }

    public TestCable start() {
      MockRpc rpc = rpcHost == null ? MockRpc.start(MockRpcConfig.builder().mode(mode).build()) : null;
      try {
        CableConfig.Builder b =
            config.apply(CableConfig.builder().host("127.0.0.1"))
                .port(0)
                .httpBroadcastPort(0)
                .shutdownTimeout(Duration.ofSeconds(5))
                .closeTimeout(Duration.ofMillis(500))
                .rpcHost(rpc == null ? rpcHost : rpc.target());
        return new TestCable(rpc, CableServer.start(b.build()), broadcasting);
      } catch (RuntimeException e) {
        if (rpc != null) {
          rpc.close();
        }
        throw e;
      }
    }
  }
}
