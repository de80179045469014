package io.cablekit.server;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.connection.CableProtocolConfig;
import io.cablekit.server.internal.http.BroadcastEndpoint;
import io.cablekit.server.internal.http.HealthEndpoint;
import io.cablekit.server.internal.http.MetricsEndpoint;
import io.cablekit.server.internal.http.Secrets;
import io.cablekit.server.internal.http.TcpOptions;
import io.cablekit.server.internal.rpc.GrpcTransport;
import io.cablekit.server.internal.rpc.HttpTransport;
import io.cablekit.server.internal.rpc.RpcTransport;
import io.cablekit.server.internal.session.Session;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AnyCable-compatible WebSocket server: the Action Cable protocol on {@code /cable}, the RPC
 * client, the broadcast hub and its HTTP endpoint, health and metrics.
 *
 * <pre>{@code
 * try (CableServer server = CableServer.start(CableConfig.builder()
 *     .port(0).httpBroadcastPort(0).rpcHost("localhost:50051").build())) {
 *   URI ws = server.url();              // ws://localhost:<port>/cable
 *   server.broadcast("chat_1", "{\"text\":\"hi\"}");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} shuts down gracefully (PROTOCOL.md 5.2).
 */
public final class CableServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CableServer.class.getName());
  private static final String BROADCAST_SOCKET = "broadcast";
  private static final String METRICS_SOCKET = "metrics";

  private final CableConfig config;
  private final Node node;
  private final WebServer web;
  private volatile io.cablekit.server.internal.connection.NioListener nio;
  private final boolean broadcastOnMain;
  private final String broadcastKey;
  private final boolean metricsOnMain;
  private volatile boolean stopped;
  private final java.util.Map<String, Object> info = new java.util.concurrent.ConcurrentHashMap<>();

  private CableServer(CableConfig config, Clock clock) {
    this.config = config;
    RpcTransport transport = transport(config);
    this.node = new Node(config, transport, new CableJournal(config.journalLimit()), clock);
    String key = broadcastKey(config);
    this.broadcastKey = key;
    boolean httpBroadcast = config.broadcastAdapters().contains("http");
    this.broadcastOnMain =
        httpBroadcast && (key != null || config.httpBroadcastPort() == config.port() && config.port() != 0);
    boolean metrics = config.metricsHttp() != null && !config.metricsHttp().isEmpty();
    this.metricsOnMain = metrics && (config.metricsPort() == 0 || config.metricsPort() == config.port());

    boolean nioTransport = config.transport().equals("nio");
    WebServerConfig.Builder builder =
        WebServer.builder()
            // with the NIO transport, Helidon's main listener is internal: the NIO listener takes
            // the main port and relays plain HTTP requests to it
            .host(nioTransport ? "127.0.0.1" : config.host())
            .port(nioTransport ? 0 : config.port())
            .shutdownHook(false)
            .connectionOptions(TcpOptions::noDelay)
            // a blocking socket keeps one 8 KB read buffer per connection; NIO kept a read and a
            // write buffer, and every WebSocket connection lives as long as its client
            .useNio(false)
            .addProtocol(new CableProtocolConfig(node))
            .routing(routing -> mainRoutes(routing, key, metrics));
    if (httpBroadcast && !broadcastOnMain) {
      builder.putSocket(
          BROADCAST_SOCKET,
          socket ->
              socket
                  .host(config.host())
                  .port(config.httpBroadcastPort())
                  .connectionOptions(TcpOptions::noDelay)
                  .routing(r -> r.any(config.httpBroadcastPath(), new BroadcastEndpoint(node, key))));
    }
    if (metrics && !metricsOnMain) {
      builder.putSocket(
          METRICS_SOCKET,
          socket ->
              socket
                  .host(config.host())
                  .port(config.metricsPort())
                  .connectionOptions(TcpOptions::noDelay)
                  .routing(r -> r.any(config.metricsHttp(), new MetricsEndpoint(node.metrics()))));
    }
    this.web = builder.build();
  }

  private void mainRoutes(HttpRouting.Builder routing, String key, boolean metrics) {
    routing.any(config.healthPath(), new HealthEndpoint());
    new io.cablekit.server.internal.http.InspectionApi(
            node, config.inspectToken(), config.inspectPublic(), () -> java.util.Map.copyOf(info))
        .register(routing);
    if (broadcastOnMain) {
      routing.any(config.httpBroadcastPath(), new BroadcastEndpoint(node, key));
    }
    if (metricsOnMain && metrics) {
      routing.any(config.metricsHttp(), new MetricsEndpoint(node.metrics()));
    }
  }

  /** Starts a server; returns once it accepts connections. */
  public static CableServer start(CableConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** Starts a server whose timestamps (pings, journal) come from {@code clock}. */
  public static CableServer start(CableConfig config, Clock clock) {
    CableServer server = new CableServer(config, clock);
    try {
      server.web.start();
      if (config.transport().equals("nio")) {
        server.nio =
            io.cablekit.server.internal.connection.NioListener.start(
                server.node,
                new java.net.InetSocketAddress(config.host(), config.port()),
                new java.net.InetSocketAddress("127.0.0.1", server.web.port()),
                io.cablekit.server.internal.http.InspectionApi.BASE);
        LOG.log(
            System.Logger.Level.INFO,
            "NIO transport on port {0}, plain HTTP relayed to 127.0.0.1:{1}",
            String.valueOf(server.nio.port()),
            String.valueOf(server.web.port()));
      }
    } catch (RuntimeException | java.io.IOException e) {
      server.web.stop();
      server.node.close();
      throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((java.io.IOException) e);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "CableKit {0} listening on {1} (RPC: {2}{3})",
        Version.CABLEKIT,
        server.url(),
        server.node.rpcTarget(),
        server.broadcastUrl().map(u -> ", HTTP broadcast: " + u).orElse(""));
    return server;
  }

  private static RpcTransport transport(CableConfig config) {
    String host = config.rpcHost();
    if (host.startsWith("http://") || host.startsWith("https://")) {
      String secret = config.httpRpcSecret();
      if (secret == null && config.secret() != null && !config.secret().isEmpty()) {
        secret = Secrets.derive(config.secret(), "rpc-cable");
      }
      return new HttpTransport(host, secret, config.httpRpcTimeout());
    }
    return new GrpcTransport(host.startsWith("grpc://") ? host.substring(7) : host);
  }

  /** The HTTP broadcast key: explicit, derived from the secret, or null (none). */
  private static String broadcastKey(CableConfig config) {
    String key = config.broadcastKey();
    if (key != null && !key.isEmpty()) {
      return key.equals("none") ? null : key;
    }
    if (config.secret() != null && !config.secret().isEmpty()) {
      return Secrets.derive(config.secret(), "broadcast-cable");
    }
    return null;
  }

  /** Returns the configuration the server runs with. */
  public CableConfig config() {
    return config;
  }

  /** Returns the WebSocket port. */
  public int port() {
    io.cablekit.server.internal.connection.NioListener n = nio;
    return n != null ? n.port() : web.port();
  }

  /** Returns {@code ws://host:port/<first path>}. */
  public URI url() {
    String path = config.paths().get(0);
    if (path.endsWith("*")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create("ws://" + hostForUrl() + ":" + port() + path);
  }

  /** Returns the HTTP broadcast endpoint, or empty when the http adapter is off. */
  public Optional<URI> broadcastUrl() {
    if (!config.broadcastAdapters().contains("http")) {
      return Optional.empty();
    }
    int p = broadcastOnMain ? port() : web.port(BROADCAST_SOCKET);
    return Optional.of(URI.create("http://" + hostForUrl() + ":" + p + config.httpBroadcastPath()));
  }

  /**
   * The Bearer key the HTTP broadcast endpoint requires (explicit or derived from the secret), or
   * empty when it requires none.
   */
  public Optional<String> broadcastKey() {
    return Optional.ofNullable(broadcastKey);
  }

  /** Returns the Prometheus endpoint, or empty when metrics are off. */
  public Optional<URI> metricsUrl() {
    if (config.metricsHttp() == null || config.metricsHttp().isEmpty()) {
      return Optional.empty();
    }
    int p = metricsOnMain ? port() : web.port(METRICS_SOCKET);
    return Optional.of(URI.create("http://" + hostForUrl() + ":" + p + config.metricsHttp()));
  }

  private String hostForUrl() {
    String h = config.host();
    if (h.equals("0.0.0.0") || h.equals("::") || h.isEmpty()) {
      return "localhost";
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /** Returns a snapshot of every open session. */
  public List<SessionInfo> sessions() {
    return node.sessions().registry().all().stream().map(Session::info).toList();
  }

  /** Returns a snapshot of the session with this sid. */
  public Optional<SessionInfo> session(String sid) {
    return Optional.ofNullable(node.sessions().registry().bySid(sid)).map(Session::info);
  }

  /** Returns the sids subscribed to a stream, grouped by channel identifier. */
  public Map<String, List<String>> subscribers(String stream) {
    return node.hub().subscribers(stream);
  }

  /** Publishes {@code data} to {@code stream}, as an HTTP broadcast would. */
  public void broadcast(String stream, String data) {
    broadcast(Broadcast.of(stream, data));
  }

  /** Publishes a broadcast. */
  public void broadcast(Broadcast broadcast) {
    node.publish(broadcast, "api");
  }

  /**
   * Closes every session whose identifiers string equals {@code identifiers}, as a remote {@code
   * disconnect} command does; returns how many were closed.
   */
  public int disconnect(String identifiers, boolean reconnect) {
    return node.remoteDisconnect(identifiers, reconnect);
  }

  /**
   * Waits until the Redis subscriptions (the {@code redis} adapter, the inter-node pub/sub) are
   * active, so messages published to Redis from now on are received. Returns true at once when
   * the server uses no Redis, false on timeout (Redis unavailable).
   */
  public boolean awaitRedis(Duration timeout) {
    try {
      return node.awaitRedis(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Adds an entry to {@code GET /_cablekit/info} (the embedded mock's admin URL, say), so tools
   * connected to this server can find the rest.
   */
  public void describe(String key, Object value) {
    info.put(key, value);
  }

  /** Returns the journal of publications, RPC replies and sessions. */
  public CableJournal journal() {
    return node.journal();
  }

  /** Returns the current value of every metric, by anycable-go's name without prefix. */
  public Map<String, Long> metrics() {
    return node.metrics().snapshot();
  }

  /**
   * Stops gracefully: every client gets {@code server_restart} and a 1001 close, Disconnect RPCs
   * run, then the listeners stop. Waits at most {@code shutdown_timeout}. Idempotent.
   */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      node.shutdown(config.closeTimeout().plus(Duration.ofMillis(500)));
    } finally {
      if (nio != null) {
        nio.close();
      }
      web.stop();
      node.close();
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}
