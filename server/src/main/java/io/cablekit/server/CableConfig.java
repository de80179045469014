package io.cablekit.server;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of a {@link CableServer}. Defaults are anycable-go's (PROTOCOL.md 5.1) except where
 * DECISIONS.md says otherwise (broadcast adapters). Port 0 means "a free port chosen at start".
 *
 * <p>Immutable; build with {@link #builder()} or change a copy with {@link #toBuilder()}.
 */
public final class CableConfig {
  /** How Disconnect RPCs are decided (PROTOCOL.md 2.6). */
  public enum DisconnectMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  private final String host;
  private final int port;
  private final List<String> paths;
  private final String rpcHost;
  private final List<String> headers;
  private final List<String> proxyCookies;
  private final List<String> allowedOrigins;
  private final Duration pingInterval;
  private final String pingTimestampPrecision;
  private final int maxMessageSize;
  private final int rpcConcurrency;
  private final Duration rpcCommandTimeout;
  private final Duration rpcRequestTimeout;
  private final Duration httpRpcTimeout;
  private final String httpRpcSecret;
  private final String secret;
  private final DisconnectMode disconnectMode;
  private final int disconnectRate;
  private final int disconnectBacklog;
  private final Duration shutdownTimeout;
  private final List<String> broadcastAdapters;
  private final int httpBroadcastPort;
  private final String httpBroadcastPath;
  private final String broadcastKey;
  private final String healthPath;
  private final String metricsHttp;
  private final int metricsPort;
  private final boolean noauth;
  private final Duration writeTimeout;
  private final int maxPendingSize;
  private final Duration closeTimeout;
  private final String serverVersion;
  private final int journalLimit;
  private final String redisUrl;
  private final String redisChannel;
  private final String redisxStream;
  private final String redisxGroup;
  private final Duration redisxReadBlock;
  private final String pubsub;
  private final String broker;
  private final int historyLimit;
  private final Duration historyTtl;
  private final Duration sessionsTtl;
  private final Duration presenceTtl;
  private final Duration pongTimeout;
  private final String transport;
  private final Duration headTimeout;
  private final String inspectToken;
  private final boolean inspectPublic;

  private CableConfig(Builder b) {
    this.host = Objects.requireNonNull(b.host, "host");
    this.port = checkPort(b.port, "port");
    this.paths = List.copyOf(b.paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("path: at least one WebSocket path is required");
    }
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("path: \"" + p + "\" must start with /");
      }
    }
    this.rpcHost = Objects.requireNonNull(b.rpcHost, "rpcHost");
    this.headers = b.headers.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    this.proxyCookies = List.copyOf(b.proxyCookies);
    this.allowedOrigins = b.allowedOrigins.stream().map(o -> o.strip().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
    this.pingInterval = nonNegative(b.pingInterval, "pingInterval");
    this.pingTimestampPrecision = checkPrecision(b.pingTimestampPrecision);
    this.maxMessageSize = positive(b.maxMessageSize, "maxMessageSize");
    this.rpcConcurrency = positive(b.rpcConcurrency, "rpcConcurrency");
    this.rpcCommandTimeout = nonNegative(b.rpcCommandTimeout, "rpcCommandTimeout");
    this.rpcRequestTimeout = nonNegative(b.rpcRequestTimeout, "rpcRequestTimeout");
    this.httpRpcTimeout = nonNegative(b.httpRpcTimeout, "httpRpcTimeout");
    this.httpRpcSecret = b.httpRpcSecret;
    this.secret = b.secret;
    this.disconnectMode = Objects.requireNonNull(b.disconnectMode, "disconnectMode");
    this.disconnectRate = positive(b.disconnectRate, "disconnectRate");
    this.disconnectBacklog = positive(b.disconnectBacklog, "disconnectBacklog");
    this.shutdownTimeout = nonNegative(b.shutdownTimeout, "shutdownTimeout");
    this.broadcastAdapters = b.broadcastAdapters.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty()).distinct().toList();
    this.httpBroadcastPort = checkPort(b.httpBroadcastPort, "httpBroadcastPort");
    this.httpBroadcastPath = b.httpBroadcastPath;
    this.broadcastKey = b.broadcastKey;
    this.healthPath = b.healthPath;
    this.metricsHttp = b.metricsHttp;
    this.metricsPort = checkPort(b.metricsPort, "metricsPort");
    this.noauth = b.noauth;
    this.writeTimeout = nonNegative(b.writeTimeout, "writeTimeout");
    this.maxPendingSize = positive(b.maxPendingSize, "maxPendingSize");
    this.closeTimeout = nonNegative(b.closeTimeout, "closeTimeout");
    this.serverVersion = b.serverVersion;
    if (b.journalLimit < 0) {
      throw new IllegalArgumentException("journalLimit: must be zero or positive, got " + b.journalLimit);
    }
    this.journalLimit = b.journalLimit;
    this.redisUrl = Objects.requireNonNull(b.redisUrl, "redisUrl");
    this.redisChannel = Objects.requireNonNull(b.redisChannel, "redisChannel");
    this.redisxStream = b.redisxStream == null || b.redisxStream.isEmpty() ? redisChannel : b.redisxStream;
    this.redisxGroup = Objects.requireNonNull(b.redisxGroup, "redisxGroup");
    this.redisxReadBlock = nonNegative(b.redisxReadBlock, "redisxReadBlock");
    String ps = b.pubsub == null ? "" : b.pubsub.strip().toLowerCase(Locale.ROOT);
    if (!ps.isEmpty() && !ps.equals("redis") && !ps.equals("none")) {
      throw new IllegalArgumentException("pubsub: expected redis or none, got \"" + b.pubsub + "\"");
    }
    for (String adapter : broadcastAdapters) {
      if (!adapter.equals("http") && !adapter.equals("redis") && !adapter.equals("redisx")) {
        throw new IllegalArgumentException("broadcastAdapters: unknown adapter \"" + adapter + "\"; expected http, redis or redisx");
      }
    }
    this.inspectToken = b.inspectToken;
    this.inspectPublic = b.inspectPublic;
    // redisx hands each entry to one node: other nodes hear of it through pub/sub (DECISIONS.md)
    this.pubsub = ps.isEmpty() && broadcastAdapters.contains("redisx") ? "redis" : ps.equals("none") ? "" : ps;
    String br = b.broker == null ? "" : b.broker.strip().toLowerCase(Locale.ROOT);
    if (!br.isEmpty() && !br.equals("memory") && !br.equals("none")) {
      throw new IllegalArgumentException(
          "broker: expected memory or none, got \"" + b.broker + "\" (the nats and redis brokers are not supported)");
    }
    this.broker = br.equals("none") ? "" : br;
    this.historyLimit = positive(b.historyLimit, "historyLimit");
    this.historyTtl = positive(b.historyTtl, "historyTtl");
    this.sessionsTtl = positive(b.sessionsTtl, "sessionsTtl");
    this.presenceTtl = nonNegative(b.presenceTtl, "presenceTtl");
    this.pongTimeout = nonNegative(b.pongTimeout, "pongTimeout");
    this.transport = b.transport == null || b.transport.isBlank() ? "nio" : b.transport.strip().toLowerCase(Locale.ROOT);
    this.headTimeout = positive(b.headTimeout, "headTimeout");
    if (!transport.equals("helidon") && !transport.equals("nio")) {
      throw new IllegalArgumentException("transport: expected helidon or nio, got \"" + b.transport + "\"");
    }
  }

  private static int checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " is not a port number (0-65535)");
    }
    return port;
  }

  private static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": must be positive, got " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": must be positive, got " + value);
    }
    return value;
  }

  private static Duration nonNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + ": must be zero or positive, got " + value);
    }
    return value;
  }

  private static String checkPrecision(String precision) {
    return switch (precision) {
      case "s", "ms", "ns" -> precision;
      default ->
          throw new IllegalArgumentException(
              "pingTimestampPrecision: expected s, ms or ns, got \"" + precision + "\"");
    };
  }

  /** Returns a builder with anycable-go's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the configuration with every default. */
  public static CableConfig defaults() {
    return builder().build();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** WebSocket paths; a trailing {@code *} matches any suffix. */
  public List<String> paths() {
    return paths;
  }

  /** RPC target: {@code host:port} for gRPC, or an {@code http(s)://} base URL for HTTP RPC. */
  public String rpcHost() {
    return rpcHost;
  }

  /** Lower-case names of the request headers forwarded to RPC in {@code env.headers}. */
  public List<String> headers() {
    return headers;
  }

  /** Cookie names kept in the forwarded Cookie header; empty keeps all. */
  public List<String> proxyCookies() {
    return proxyCookies;
  }

  /** Allowed Origin hosts (with port; {@code *.} wildcards); empty allows every origin. */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Interval between server pings; zero disables them. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** {@code s}, {@code ms} or {@code ns}. */
  public String pingTimestampPrecision() {
    return pingTimestampPrecision;
  }

  /** Largest client message accepted, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  public int rpcConcurrency() {
    return rpcConcurrency;
  }

  /** Overall deadline of one RPC call, retries included. */
  public Duration rpcCommandTimeout() {
    return rpcCommandTimeout;
  }

  /** Deadline of one gRPC attempt; zero means only the overall deadline applies. */
  public Duration rpcRequestTimeout() {
    return rpcRequestTimeout;
  }

  /** Deadline of one HTTP RPC request. */
  public Duration httpRpcTimeout() {
    return httpRpcTimeout;
  }

  /** Explicit HTTP RPC secret, or null to derive it from {@link #secret()}. */
  public String httpRpcSecret() {
    return httpRpcSecret;
  }

  /** Application secret from which keys are derived, or null. */
  public String secret() {
    return secret;
  }

  public DisconnectMode disconnectMode() {
    return disconnectMode;
  }

  /** Disconnect RPC calls per second. */
  public int disconnectRate() {
    return disconnectRate;
  }

  /** Capacity of the Disconnect queue; enqueueing blocks beyond it. */
  public int disconnectBacklog() {
    return disconnectBacklog;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Enabled broadcast adapters, lower-case ({@code http}, {@code redis}, {@code redisx}). */
  public List<String> broadcastAdapters() {
    return broadcastAdapters;
  }

  /** Port of the HTTP broadcast endpoint when it is not secured by a key. */
  public int httpBroadcastPort() {
    return httpBroadcastPort;
  }

  public String httpBroadcastPath() {
    return httpBroadcastPath;
  }

  /**
   * The explicit broadcast key, {@code "none"} to disable authentication, or null to derive it
   * from {@link #secret()}.
   */
  public String broadcastKey() {
    return broadcastKey;
  }

  public String healthPath() {
    return healthPath;
  }

  /** Path of the Prometheus endpoint, or null/empty when metrics are off. */
  public String metricsHttp() {
    return metricsHttp;
  }

  /** Port of the metrics endpoint; 0 serves it on the main port. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Accepts every connection without a Connect RPC (anycable-go {@code --noauth}). */
  public boolean noauth() {
    return noauth;
  }

  /** Time allowed for one frame write before the connection is dropped. */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** Bytes of pending output per connection before it is disconnected as too slow. */
  public int maxPendingSize() {
    return maxPendingSize;
  }

  /** How long to wait for the client's close frame after the server sent one. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Value of the {@code X-AnyCable-Version} upgrade response header. */
  public String serverVersion() {
    return serverVersion;
  }

  /** How many events the {@link CableJournal} keeps; 0 keeps none. */
  public int journalLimit() {
    return journalLimit;
  }

  /** Redis URL of the redis and redisx adapters and of {@code pubsub=redis}. */
  public String redisUrl() {
    return redisUrl;
  }

  /** Pub/sub channel of the {@code redis} adapter. */
  public String redisChannel() {
    return redisChannel;
  }

  /** Stream key of the {@code redisx} adapter (defaults to the redis channel). */
  public String redisxStream() {
    return redisxStream;
  }

  /** Consumer group of the {@code redisx} adapter. */
  public String redisxGroup() {
    return redisxGroup;
  }

  /** How long one XREADGROUP blocks. */
  public Duration redisxReadBlock() {
    return redisxReadBlock;
  }

  /**
   * Inter-node pub/sub: {@code redis}, or empty for none. With {@code redisx} among the adapters
   * it defaults to {@code redis}; {@code none} turns it off.
   */
  public String pubsub() {
    return pubsub;
  }

  /**
   * The broker of the extended protocol (PROTOCOL.md 3.6): {@code memory}, or empty for none.
   * With a broker, publications carry stream positions and clients can ask for history.
   */
  public String broker() {
    return broker;
  }

  /** Messages kept per stream by the broker. */
  public int historyLimit() {
    return historyLimit;
  }

  /** How long the broker keeps a message. */
  public Duration historyTtl() {
    return historyTtl;
  }

  /** How long an ended extended-protocol session stays restorable (with a broker). */
  public Duration sessionsTtl() {
    return sessionsTtl;
  }

  /**
   * How long an extended-protocol client may go without sending a {@code pong} command before
   * it is disconnected ({@code no_pong}); zero, the default, disables the check.
   */
  public Duration pongTimeout() {
    return pongTimeout;
  }

  /**
   * How WebSocket connections are carried: {@code nio}, the default (CableKit's selector
   * listener: nothing held per idle connection; plain HTTP on the main port is relayed to
   * Helidon), or {@code helidon} (Helidon's connection model: a virtual thread and an 8 KB read
   * buffer per connection). {@code -Dcablekit.transport} or {@code CABLEKIT_TRANSPORT} set the
   * default (docs/design-nio-transport.md).
   */
  public String transport() {
    return transport;
  }

  /**
   * How long the NIO transport waits for a new connection's request head before it answers 408
   * and closes (a client that connects and sends nothing, or sends one byte at a time); a relayed
   * plain HTTP connection idle that long is closed too.
   */
  public Duration headTimeout() {
    return headTimeout;
  }

  /** How long a session that ended stays present before its {@code leave} (with a broker). */
  public Duration presenceTtl() {
    return presenceTtl;
  }

  /** Bearer token the inspection API ({@code /_cablekit}) requires, or null for none. */
  public String inspectToken() {
    return inspectToken;
  }

  /** Whether the inspection API answers non-loopback clients. */
  public boolean inspectPublic() {
    return inspectPublic;
  }

  /** Builder of {@link CableConfig}; every setter returns this builder. */
  public static final class Builder {
    private String host = "localhost";
    private int port = 8080;
    private List<String> paths = List.of("/cable");
    private String rpcHost = "localhost:50051";
    private List<String> headers = List.of("cookie");
    private List<String> proxyCookies = List.of();
    private List<String> allowedOrigins = List.of();
    private Duration pingInterval = Duration.ofSeconds(3);
    private String pingTimestampPrecision = "s";
    private int maxMessageSize = 65536;
    private int rpcConcurrency = 28;
    private Duration rpcCommandTimeout = Duration.ofMillis(3000);
    private Duration rpcRequestTimeout = Duration.ZERO;
    private Duration httpRpcTimeout = Duration.ofMillis(3000);
    private String httpRpcSecret;
    private String secret;
    private DisconnectMode disconnectMode = DisconnectMode.AUTO;
    private int disconnectRate = 100;
    private int disconnectBacklog = 4096;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private List<String> broadcastAdapters = List.of("http");
    private int httpBroadcastPort = 8090;
    private String httpBroadcastPath = "/_broadcast";
    private String broadcastKey;
    private String healthPath = "/health";
    private String metricsHttp;
    private int metricsPort;
    private boolean noauth;
    private Duration writeTimeout = Duration.ofSeconds(2);
    private int maxPendingSize = 1 << 20;
    private Duration closeTimeout = Duration.ofSeconds(2);
    private String serverVersion = Version.ANYCABLE_COMPATIBLE;
    private int journalLimit = 10_000;
    private String redisUrl = "redis://localhost:6379";
    private String redisChannel = "__anycable__";
    private String redisxStream;
    private String redisxGroup = "bx";
    private Duration redisxReadBlock = Duration.ofMillis(2000);
    private String pubsub;
    private String broker;
    private int historyLimit = 100;
    private Duration historyTtl = Duration.ofSeconds(300);
    private Duration sessionsTtl = Duration.ofSeconds(300);
    private Duration presenceTtl = Duration.ofSeconds(15);
    private Duration pongTimeout = Duration.ZERO;
    private String transport = System.getProperty("cablekit.transport", System.getenv("CABLEKIT_TRANSPORT"));
    private Duration headTimeout = Duration.ofSeconds(10);
    private String inspectToken;
    private boolean inspectPublic;

    private Builder() {}

    private Builder(CableConfig c) {
      host = c.host;
      port = c.port;
      paths = c.paths;
      rpcHost = c.rpcHost;
      headers = c.headers;
      proxyCookies = c.proxyCookies;
      allowedOrigins = c.allowedOrigins;
      pingInterval = c.pingInterval;
      pingTimestampPrecision = c.pingTimestampPrecision;
      maxMessageSize = c.maxMessageSize;
      rpcConcurrency = c.rpcConcurrency;
      rpcCommandTimeout = c.rpcCommandTimeout;
      rpcRequestTimeout = c.rpcRequestTimeout;
      httpRpcTimeout = c.httpRpcTimeout;
      httpRpcSecret = c.httpRpcSecret;
      secret = c.secret;
      disconnectMode = c.disconnectMode;
      disconnectRate = c.disconnectRate;
      disconnectBacklog = c.disconnectBacklog;
      shutdownTimeout = c.shutdownTimeout;
      broadcastAdapters = c.broadcastAdapters;
      httpBroadcastPort = c.httpBroadcastPort;
      httpBroadcastPath = c.httpBroadcastPath;
      broadcastKey = c.broadcastKey;
      healthPath = c.healthPath;
      metricsHttp = c.metricsHttp;
      metricsPort = c.metricsPort;
      noauth = c.noauth;
      writeTimeout = c.writeTimeout;
      maxPendingSize = c.maxPendingSize;
      closeTimeout = c.closeTimeout;
      serverVersion = c.serverVersion;
      journalLimit = c.journalLimit;
      redisUrl = c.redisUrl;
      redisChannel = c.redisChannel;
      redisxStream = c.redisxStream;
      redisxGroup = c.redisxGroup;
      redisxReadBlock = c.redisxReadBlock;
      pubsub = c.pubsub.isEmpty() && c.broadcastAdapters.contains("redisx") ? "none" : c.pubsub;
      inspectToken = c.inspectToken;
      inspectPublic = c.inspectPublic;
      broker = c.broker;
      historyLimit = c.historyLimit;
      historyTtl = c.historyTtl;
      sessionsTtl = c.sessionsTtl;
      presenceTtl = c.presenceTtl;
      pongTimeout = c.pongTimeout;
      transport = c.transport;
      headTimeout = c.headTimeout;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder paths(List<String> paths) {
      this.paths = List.copyOf(paths);
      return this;
    }

    public Builder path(String path) {
      return paths(List.of(path));
    }

    public Builder rpcHost(String rpcHost) {
      this.rpcHost = rpcHost;
      return this;
    }

    public Builder headers(List<String> headers) {
      this.headers = List.copyOf(headers);
      return this;
    }

    public Builder proxyCookies(List<String> proxyCookies) {
      this.proxyCookies = List.copyOf(proxyCookies);
      return this;
    }

    public Builder allowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = List.copyOf(allowedOrigins);
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder pingTimestampPrecision(String precision) {
      this.pingTimestampPrecision = precision;
      return this;
    }

    public Builder maxMessageSize(int maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    public Builder rpcConcurrency(int rpcConcurrency) {
      this.rpcConcurrency = rpcConcurrency;
      return this;
    }

    public Builder rpcCommandTimeout(Duration timeout) {
      this.rpcCommandTimeout = timeout;
      return this;
    }

    public Builder rpcRequestTimeout(Duration timeout) {
      this.rpcRequestTimeout = timeout;
      return this;
    }

    public Builder httpRpcTimeout(Duration timeout) {
      this.httpRpcTimeout = timeout;
      return this;
    }

    public Builder httpRpcSecret(String secret) {
      this.httpRpcSecret = secret;
      return this;
    }

    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    public Builder disconnectMode(DisconnectMode mode) {
      this.disconnectMode = mode;
      return this;
    }

    public Builder disconnectRate(int rate) {
      this.disconnectRate = rate;
      return this;
    }

    public Builder disconnectBacklog(int backlog) {
      this.disconnectBacklog = backlog;
      return this;
    }

    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    public Builder broadcastAdapters(List<String> adapters) {
      this.broadcastAdapters = List.copyOf(adapters);
      return this;
    }

    public Builder httpBroadcastPort(int port) {
      this.httpBroadcastPort = port;
      return this;
    }

    public Builder httpBroadcastPath(String path) {
      this.httpBroadcastPath = path;
      return this;
    }

    public Builder broadcastKey(String key) {
      this.broadcastKey = key;
      return this;
    }

    public Builder healthPath(String path) {
      this.healthPath = path;
      return this;
    }

    public Builder metricsHttp(String path) {
      this.metricsHttp = path;
      return this;
    }

    public Builder metricsPort(int port) {
      this.metricsPort = port;
      return this;
    }

    public Builder noauth(boolean noauth) {
      this.noauth = noauth;
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = timeout;
      return this;
    }

    public Builder maxPendingSize(int bytes) {
      this.maxPendingSize = bytes;
      return this;
    }

    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = timeout;
      return this;
    }

    public Builder serverVersion(String version) {
      this.serverVersion = version;
      return this;
    }

    public Builder redisUrl(String url) {
      this.redisUrl = url;
      return this;
    }

    public Builder redisChannel(String channel) {
      this.redisChannel = channel;
      return this;
    }

    public Builder redisxStream(String stream) {
      this.redisxStream = stream;
      return this;
    }

    public Builder redisxGroup(String group) {
      this.redisxGroup = group;
      return this;
    }

    public Builder redisxReadBlock(Duration block) {
      this.redisxReadBlock = block;
      return this;
    }

    /** {@code redis}, {@code none}, or null for the default. */
    public Builder pubsub(String value) {
      this.pubsub = value;
      return this;
    }

    /** {@code memory} for the extended protocol's history, {@code none} or null for no broker. */
    public Builder broker(String value) {
      this.broker = value;
      return this;
    }

    public Builder historyLimit(int messages) {
      this.historyLimit = messages;
      return this;
    }

    public Builder historyTtl(Duration ttl) {
      this.historyTtl = ttl;
      return this;
    }

    public Builder sessionsTtl(Duration ttl) {
      this.sessionsTtl = ttl;
      return this;
    }

    public Builder presenceTtl(Duration ttl) {
      this.presenceTtl = ttl;
      return this;
    }

    /** {@code nio} (the default) or {@code helidon}; see {@link CableConfig#transport()}. */
    public Builder transport(String value) {
      this.transport = value;
      return this;
    }

    /** See {@link CableConfig#headTimeout()}. */
    public Builder headTimeout(Duration timeout) {
      this.headTimeout = timeout;
      return this;
    }

    /** Zero disables the pong check. */
    public Builder pongTimeout(Duration timeout) {
      this.pongTimeout = timeout;
      return this;
    }

    /** Bearer token of the inspection API; null for none. */
    public Builder inspectToken(String token) {
      this.inspectToken = token;
      return this;
    }

    /** Lets non-loopback clients use the inspection API. */
    public Builder inspectPublic(boolean value) {
      this.inspectPublic = value;
      return this;
    }

    public Builder journalLimit(int events) {
      this.journalLimit = events;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public CableConfig build() {
      return new CableConfig(this);
    }
  }
}
