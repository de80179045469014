package io.cablekit.server.internal.config;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableConfig.Builder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;

/**
 * The anycable-go flags CableKit implements and how each maps onto {@link CableConfig}. Order
 * matters where two flags set the same setting: environment variables are applied in this order,
 * so the canonical flag comes after its deprecated alias and wins over it.
 */
final class ServerOptions {
  private static final FlagTable FLAGS = FlagTable.anycable();
  private static final CableConfig DEFAULTS = CableConfig.defaults();

  static final List<ServerOption> ALL =
      List.of(
          string("host",
              "Listen address of the WebSocket server",
              Builder::host,
              CableConfig::host),
          integer("port",
              "Listen port of the WebSocket server; 0 picks a free port",
              Builder::port,
              CableConfig::port),
          list("path",
              "Comma-separated WebSocket paths; a trailing * matches any suffix",
              Builder::paths,
              CableConfig::paths),
          list("allowed_origins",
              "Comma-separated allowed Origin hosts (*.example.com wildcards); empty allows every origin",
              Builder::allowedOrigins,
              CableConfig::allowedOrigins),
          // anycable-go: "value none means unset".
          string("secret",
              "Application secret; the broadcast key and HTTP RPC secret are derived from it",
              (b, v) -> b.secret(v.equals("none") ? null : v),
              CableConfig::secret),
          string("http_broadcast_secret",
              "Deprecated alias of --broadcast_key",
              Builder::broadcastKey,
              c -> null),
          string("broadcast_key",
              "HTTP broadcast auth key; none disables auth; derived from --secret when unset",
              Builder::broadcastKey,
              CableConfig::broadcastKey),
          bool("noauth", "Accept every connection without a Connect RPC", Builder::noauth),
          string("health-path",
              "Health check endpoint path",
              Builder::healthPath,
              CableConfig::healthPath),
          seconds("shutdown_timeout",
              "Graceful shutdown budget, in seconds",
              Builder::shutdownTimeout,
              CableConfig::shutdownTimeout),
          option("broadcast_adapter", "list",
              "Comma-separated broadcast adapters: http, redis, redisx (nats is accepted and ignored)",
              Setters::broadcastAdapters,
              c -> String.join(",", c.broadcastAdapters())),
          integer("http_broadcast_port",
              "Port of the HTTP broadcast endpoint when no broadcast key is set (with one it is on the main port)",
              Builder::httpBroadcastPort,
              CableConfig::httpBroadcastPort),
          string("http_broadcast_path",
              "Path of the HTTP broadcast endpoint",
              Builder::httpBroadcastPath,
              CableConfig::httpBroadcastPath),
          string("rpc_host",
              "RPC server: host:port for gRPC, an http(s):// URL for HTTP RPC",
              Builder::rpcHost,
              CableConfig::rpcHost),
          // anycable-go: "non-positive reverts to 28" (the default).
          integer("rpc_concurrency",
              "Max in-flight RPC calls; non-positive means the default",
              (b, n) -> b.rpcConcurrency(n > 0 ? n : DEFAULTS.rpcConcurrency()),
              CableConfig::rpcConcurrency),
          // Also sets the HTTP RPC deadline, as in anycable-go: see Setters.requestTimeout.
          millis("rpc_request_timeout",
              "Deadline of one RPC attempt, in ms; 0 means only the command deadline applies",
              Setters::requestTimeout,
              CableConfig::rpcRequestTimeout),
          millis("rpc_command_timeout",
              "Overall deadline of one command (retries included), in ms",
              Builder::rpcCommandTimeout,
              CableConfig::rpcCommandTimeout),
          list("headers",
              "Comma-separated request headers forwarded to RPC",
              Builder::headers,
              CableConfig::headers),
          list("proxy-cookies",
              "Comma-separated cookie names forwarded to RPC; empty forwards all",
              Builder::proxyCookies,
              CableConfig::proxyCookies),
          string("http_rpc_secret",
              "HTTP RPC auth secret; derived from --secret when unset",
              Builder::httpRpcSecret,
              CableConfig::httpRpcSecret),
          millis("http_rpc_timeout",
              "Deadline of one HTTP RPC request, in ms",
              Builder::httpRpcTimeout,
              CableConfig::httpRpcTimeout),
          option("disconnect_mode", "string",
              "When to call the Disconnect RPC: auto, always or never",
              Setters::disconnectMode,
              c -> c.disconnectMode().name().toLowerCase(Locale.ROOT)),
          integer("disconnect_rate",
              "Disconnect RPC calls per second",
              Builder::disconnectRate,
              CableConfig::disconnectRate),
          integer("disconnect_backlog_size",
              "Capacity of the Disconnect queue",
              Builder::disconnectBacklog,
              CableConfig::disconnectBacklog),
          bool("disable_disconnect",
              "Deprecated: same as --disconnect_mode=never",
              Setters::disableDisconnect),
          // Logging is the launcher's business: these only land in Result.extras.
          option("log_level", "string",
              "Log level: debug, info, warn or error",
              (s, v) -> s.extras().put("log_level", Values.oneOf(v, "debug", "info", "warn", "error")),
              c -> "info"),
          option("log_format", "string",
              "Log format: text or json",
              (s, v) -> s.extras().put("log_format", Values.oneOf(v, "text", "json")),
              c -> "text"),
          option("debug", "bool",
              "Verbose mode: same as --log_level=debug --log_format=text",
              (s, v) -> s.extras().put("debug", Boolean.toString(Values.bool(v))),
              c -> "false"),
          string("metrics_http",
              "Path of the Prometheus endpoint, e.g. /metrics; empty disables it",
              Builder::metricsHttp,
              CableConfig::metricsHttp),
          integer("metrics_port",
              "Port of the metrics endpoint; 0 serves it on the main port",
              Builder::metricsPort,
              CableConfig::metricsPort),
          integer("max_message_size",
              "Largest client message accepted, in bytes",
              Builder::maxMessageSize,
              CableConfig::maxMessageSize),
          seconds("ws_write_timeout",
              "Time allowed for one WebSocket write, in seconds",
              Builder::writeTimeout,
              CableConfig::writeTimeout),
          // anycable-go: "0 unlimited"; CableConfig wants a positive size.
          integer("ws_max_pending_size",
              "Bytes of pending output per connection before it is dropped as slow; 0 means unlimited",
              (b, n) -> b.maxPendingSize(n == 0 ? Integer.MAX_VALUE : n),
              CableConfig::maxPendingSize),
          seconds("ping_interval",
              "Interval between pings, in seconds; 0 disables them",
              Builder::pingInterval,
              CableConfig::pingInterval),
          string("ping_timestamp_precision",
              "Unit of ping timestamps: s, ms or ns",
              Builder::pingTimestampPrecision,
              CableConfig::pingTimestampPrecision),
          string("redis_url",
              "Redis of the redis/redisx adapters and of --pubsub=redis",
              Builder::redisUrl,
              CableConfig::redisUrl),
          string("redis_channel",
              "Pub/sub channel of the redis adapter",
              Builder::redisChannel,
              CableConfig::redisChannel),
          string("redisx_stream",
              "Stream key read by the redisx adapter",
              Builder::redisxStream,
              CableConfig::redisxStream),
          string("redisx_group",
              "Consumer group of the redisx adapter",
              Builder::redisxGroup,
              CableConfig::redisxGroup),
          millis("redisx_read_block_milliseconds",
              "How long one stream read blocks, in ms",
              Builder::redisxReadBlock,
              CableConfig::redisxReadBlock),
          string("broker",
              "Broker of the extended protocol's history: memory, or none",
              Builder::broker,
              c -> c.broker().isEmpty() ? "none" : c.broker()),
          integer("history_limit",
              "Messages the broker keeps per stream",
              Builder::historyLimit,
              CableConfig::historyLimit),
          seconds("history_ttl",
              "How long the broker keeps a message, in seconds",
              Builder::historyTtl,
              CableConfig::historyTtl),
          seconds("sessions_ttl",
              "How long an ended extended-protocol session stays restorable, in seconds (with a broker)",
              Builder::sessionsTtl,
              CableConfig::sessionsTtl),
          seconds("presence_ttl",
              "How long a disconnected session stays present before its leave, in seconds (with a broker)",
              Builder::presenceTtl,
              CableConfig::presenceTtl),
          seconds("pong_timeout",
              "Seconds an extended-protocol client may go without a pong before it is disconnected; 0 disables",
              Builder::pongTimeout,
              CableConfig::pongTimeout),
          option("presets", "list",
              "anycable-go presets: broker turns on the memory broker (unless --broker is set); none, fly and heroku have no effect here",
              (s, v) -> {
                List<String> presets = new java.util.ArrayList<>();
                for (String raw : Values.list(v)) {
                  String preset = Values.oneOf(raw, "none", "broker", "fly", "heroku");
                  if (preset.equals("fly") || preset.equals("heroku")) {
                    s.warn("--presets=" + preset + " has no effect in CableKit (it tunes anycable-go for that platform)");
                  }
                  presets.add(preset);
                }
                s.extras().put("presets", String.join(",", presets));
              },
              c -> ""),
          string("pubsub",
              "Inter-node pub/sub: redis or none; redis by default with the redisx adapter",
              Builder::pubsub,
              c -> c.pubsub().isEmpty() ? "none" : c.pubsub()));

  private static final Map<String, ServerOption> BY_KEY =
      ALL.stream().collect(Collectors.toUnmodifiableMap(ServerOption::key, o -> o));

  private ServerOptions() {}

  static Optional<ServerOption> find(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /** An option of the TSV row {@code name}, which must have type {@code type}. */
  private static ServerOption option(
      String name,
      String type,
      String description,
      ServerOption.Setter setter,
      Function<CableConfig, String> shown) {
    FlagTable.Row row = FLAGS.require(name);
    if (!row.type().equals(type)) {
      throw new IllegalStateException(
          name + " is a " + row.type() + " in the TSV, implemented as " + type);
    }
    return new ServerOption(row, description, setter, shown);
  }

  private static ServerOption string(
      String name,
      String description,
      BiConsumer<Builder, String> set,
      Function<CableConfig, String> get) {
    return option(name, "string", description, (s, v) -> set.accept(s.config(), v), get);
  }

  private static ServerOption integer(
      String name,
      String description,
      ObjIntConsumer<Builder> set,
      Function<CableConfig, Integer> get) {
    return option(
        name,
        "int",
        description,
        (s, v) -> set.accept(s.config(), Values.integer(v)),
        c -> get.apply(c).toString());
  }

  private static ServerOption bool(
      String name, String description, BiConsumer<Builder, Boolean> set) {
    return option(
        name, "bool", description, (s, v) -> set.accept(s.config(), Values.bool(v)), c -> "false");
  }

  private static ServerOption list(
      String name,
      String description,
      BiConsumer<Builder, List<String>> set,
      Function<CableConfig, List<String>> get) {
    return option(
        name,
        "list",
        description,
        (s, v) -> set.accept(s.config(), Values.list(v)),
        c -> String.join(",", get.apply(c)));
  }

  private static ServerOption seconds(
      String name,
      String description,
      BiConsumer<Builder, Duration> set,
      Function<CableConfig, Duration> get) {
    return option(
        name,
        "duration-seconds",
        description,
        (s, v) -> set.accept(s.config(), Values.seconds(v)),
        c -> Long.toString(get.apply(c).toSeconds()));
  }

  private static ServerOption millis(
      String name,
      String description,
      BiConsumer<Builder, Duration> set,
      Function<CableConfig, Duration> get) {
    return option(
        name,
        "duration-ms",
        description,
        (s, v) -> set.accept(s.config(), Values.millis(v)),
        c -> Long.toString(get.apply(c).toMillis()));
  }
}
