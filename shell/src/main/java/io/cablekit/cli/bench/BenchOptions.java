package io.cablekit.cli.bench;

import io.cablekit.server.internal.text.Typos;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The options of {@code cablekit bench}. Names are written with {@code -} or {@code _}
 * interchangeably (DECISIONS.md), as {@code --name=value} or {@code --name value}.
 *
 * @param url the WebSocket URL of the server under test
 * @param clients the client counts to measure, ascending; clients are kept from one to the next
 * @param broadcasts broadcasts measured at each client count
 * @param rate broadcasts per second
 * @param ramp step the rate up at the first client count until p99 passes {@code rampLimitMs}
 * @param rampRates the broadcast rates the ramp tries first, ascending; past the last one it goes
 *     on up by half until a step fails
 * @param stepDuration how long the ramp publishes at each rate
 * @param rampLimitMs the p99 latency, in ms, above which a ramp step fails
 * @param via how broadcasts are published
 * @param broadcastUrl the HTTP broadcast endpoint ({@code --via=http})
 * @param broadcastKey the Bearer key of the HTTP broadcast endpoint, or null
 * @param channel the channel class subscribed to (used for the default identifier)
 * @param stream the stream broadcasts are published to
 * @param action the action performed with {@code --via=action}
 * @param identifier the subscription identifier, as JSON text
 * @param redisUrl the Redis to publish to ({@code --via=redis})
 * @param redisChannel the Redis channel; null means the default of {@code redisFormat}
 * @param redisFormat {@code anycable} (a publication JSON on {@code __anycable__}) or {@code
 *     actioncable} (the message itself on the stream's channel, as Rails' Redis adapter does)
 * @param raw no protocol: no subscription, every text frame carrying a timestamp is a delivery
 * @param connectRate new connections per second
 * @param connectTimeout how long to wait for every client to be subscribed
 * @param pid the server's process id to sample (RSS, CPU), or 0
 * @param gc run {@code jcmd <pid> GC.run} before each idle memory sample (JVM servers)
 * @param duration the cap on the whole run
 * @param warmup unmeasured broadcasts before each measurement
 * @param drain how long to wait for late deliveries after the last broadcast
 * @param settle pause after connecting before the idle sample and the broadcasts
 * @param threads selector threads of the load generator
 * @param localAddresses source addresses the clients bind to, round robin; empty lets the kernel
 *     choose
 * @param json where to write the JSON result, or null
 * @param chart where to draw the PNG chart, or null
 * @param label a name for this server in the JSON and on charts
 * @param from result files to chart and tabulate instead of running
 * @param quiet no progress bar
 */
public record BenchOptions(
    URI url,
    List<Integer> clients,
    int broadcasts,
    double rate,
    boolean ramp,
    List<Double> rampRates,
    Duration stepDuration,
    double rampLimitMs,
    Via via,
    URI broadcastUrl,
    String broadcastKey,
    String channel,
    String stream,
    String action,
    String identifier,
    URI redisUrl,
    String redisChannel,
    String redisFormat,
    boolean raw,
    double connectRate,
    Duration connectTimeout,
    long pid,
    boolean gc,
    Duration duration,
    int warmup,
    Duration drain,
    Duration settle,
    int threads,
    List<String> localAddresses,
    String json,
    String chart,
    String label,
    List<String> from,
    boolean quiet) {

  /** How broadcasts are published. */
  public enum Via {
    HTTP,
    ACTION,
    REDIS
  }

  static final List<Double> DEFAULT_RAMP =
      List.of(2.0, 5.0, 10.0, 20.0, 40.0, 60.0, 80.0, 100.0, 150.0, 200.0, 300.0, 400.0, 600.0, 800.0, 1000.0);

  /** Every option name, in the spelling of the help text. */
  static final List<String> NAMES =
      List.of(
          "url", "clients", "broadcasts", "rate", "ramp", "ramp_rates", "step_duration", "ramp_limit",
          "via", "broadcast_url", "broadcast_key", "channel", "stream", "action", "identifier",
          "redis_url", "redis_channel", "redis_format", "raw", "connect_rate", "connect_timeout",
          "pid", "gc", "duration", "warmup", "drain", "settle", "threads", "local_addresses", "json",
          "chart", "label", "from", "quiet");

  private static final List<String> FLAGS = List.of("ramp", "raw", "gc", "quiet");

  public BenchOptions {
    clients = List.copyOf(clients);
    rampRates = List.copyOf(rampRates);
    localAddresses = List.copyOf(localAddresses);
    from = List.copyOf(from);
  }

  /** Parses the arguments after {@code bench}. */
  public static BenchOptions parse(List<String> args) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\" (options start with --)");
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      String name = (eq < 0 ? body : body.substring(0, eq)).replace('-', '_').toLowerCase(Locale.ROOT);
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + closest(name));
      }
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      values.put(name, value);
    }
    return from(values);
  }

  private static BenchOptions from(Map<String, String> v) {
    URI url = uri(v.getOrDefault("url", "ws://localhost:8080/cable"), "url");
    if (!List.of("ws", "wss").contains(String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("--url must be a ws:// URL, got " + url);
    }
    if ("wss".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("--url: wss:// is not supported by the load generator; use ws://");
    }
    boolean raw = bool(v, "raw");
    String channel = v.getOrDefault("channel", "BenchChannel");
    Via via = via(v.getOrDefault("via", "http"));
    if (raw && via != Via.HTTP) {
      throw new IllegalArgumentException("--raw works with --via=http only (the body is sent to every socket)");
    }
    String broadcastUrl = v.get("broadcast_url");
    if (broadcastUrl == null) {
      // anycable-go's default: the broadcast endpoint on port 8090 of the same host
      broadcastUrl = "http://" + url.getHost() + ":8090/_broadcast";
    }
    String format = v.getOrDefault("redis_format", "anycable").toLowerCase(Locale.ROOT);
    if (!format.equals("anycable") && !format.equals("actioncable")) {
      throw new IllegalArgumentException("--redis_format must be anycable or actioncable, got " + format);
    }
    if (v.containsKey("from") && list(v.get("from")).isEmpty()) {
      throw new IllegalArgumentException("--from needs at least one result file");
    }
    String identifier = v.getOrDefault("identifier", "{\"channel\":" + quote(channel) + "}");
    return new BenchOptions(
        url,
        clientCounts(v.getOrDefault("clients", "1000")),
        nonNegative(integer(v.getOrDefault("broadcasts", "20"), "broadcasts"), "broadcasts"),
        rate(v.getOrDefault("rate", "2"), "rate"),
        bool(v, "ramp"),
        rates(v.get("ramp_rates")),
        duration(v.getOrDefault("step_duration", "5s"), "step_duration"),
        number(v.getOrDefault("ramp_limit", "250"), "ramp_limit"),
        via,
        uri(broadcastUrl, "broadcast_url"),
        v.get("broadcast_key"),
        channel,
        v.getOrDefault("stream", channel),
        v.getOrDefault("action", "broadcast"),
        identifier,
        uri(v.getOrDefault("redis_url", "redis://localhost:6379"), "redis_url"),
        v.get("redis_channel"),
        format,
        raw,
        rate(v.getOrDefault("connect_rate", "2000"), "connect_rate"),
        duration(v.getOrDefault("connect_timeout", "120s"), "connect_timeout"),
        Long.parseLong(v.getOrDefault("pid", "0")),
        bool(v, "gc"),
        duration(v.getOrDefault("duration", "600s"), "duration"),
        nonNegative(integer(v.getOrDefault("warmup", "5"), "warmup"), "warmup"),
        duration(v.getOrDefault("drain", "5s"), "drain"),
        duration(v.getOrDefault("settle", "1s"), "settle"),
        Math.max(1, integer(v.getOrDefault("threads", "1"), "threads")),
        list(v.get("local_addresses")),
        v.get("json"),
        v.get("chart"),
        v.getOrDefault("label", raw ? "raw" : url.getHost() + ":" + url.getPort()),
        list(v.get("from")),
        bool(v, "quiet"));
  }

  /** The Redis channel to publish to: given, or the default of the format. */
  public String effectiveRedisChannel() {
    if (redisChannel != null) {
      return redisChannel;
    }
    return redisFormat.equals("actioncable") ? stream : "__anycable__";
  }

  /** The largest client count. */
  public int maxClients() {
    return clients.get(clients.size() - 1);
  }

  static List<Integer> clientCounts(String text) {
    TreeSet<Integer> counts = new TreeSet<>();
    for (String part : text.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT).replace("_", "");
      int factor = 1;
      if (p.endsWith("k")) {
        factor = 1000;
        p = p.substring(0, p.length() - 1);
      }
      int n = integer(p, "clients") * factor;
      if (n < 1) {
        throw new IllegalArgumentException("--clients must be at least 1, got " + part.strip());
      }
      counts.add(n);
    }
    return List.copyOf(counts);
  }

  static double rate(String text, String name) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("/s")) {
      t = t.substring(0, t.length() - 2);
    }
    double r = number(t, name);
    if (!(r > 0)) {
      throw new IllegalArgumentException("--" + name + " must be positive, got " + text);
    }
    return r;
  }

  static Duration duration(String text, String name) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      }
      if (t.endsWith("s")) {
        t = t.substring(0, t.length() - 1);
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a duration such as 5s, 500ms or 2m, got " + text);
    }
  }

  private static List<Double> rates(String text) {
    if (text == null) {
      return DEFAULT_RAMP;
    }
    TreeSet<Double> out = new TreeSet<>();
    for (String part : text.split(",")) {
      out.add(rate(part, "ramp_rates"));
    }
    return List.copyOf(out);
  }

  private static Via via(String text) {
    try {
      return Via.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--via must be http, action or redis, got " + text);
    }
  }

  private static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private static boolean bool(Map<String, String> v, String name) {
    String value = v.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes", "1", "" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("--" + name + " is true or false, got " + value);
    };
  }

  private static int integer(String text, String name) {
    try {
      return Integer.parseInt(text.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got " + text);
    }
  }

  private static int nonNegative(int n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException("--" + name + " must not be negative, got " + n);
    }
    return n;
  }

  private static double number(String text, String name) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got " + text);
    }
  }

  private static URI uri(String text, String name) {
    try {
      URI u = URI.create(text.strip());
      if (u.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + " must be a URL with a host, got " + text);
    }
  }

  private static String closest(String name) {
    String best = Typos.nearest(name, NAMES);
    return best != null ? "; did you mean --" + best + "?" : "";
  }

  static String quote(String s) {
    return io.cablekit.protocol.Json.quote(s);
  }
}
