package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.Session;
import io.cablekit.server.internal.session.SessionTransport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks and choices of a WebSocket upgrade on a cable path (PROTOCOL.md 2.1, 3.1), whatever
 * transport carries it: method, key and version, origin, shutdown; the sub-protocol, the sid, the
 * URL and forwarded headers the RPC server will see, the ping settings and the sid to restore;
 * and the {@code 101} response.
 */
public final class Handshake {
  public static final String JSON_PROTOCOL = "actioncable-v1-json";
  public static final String EXT_JSON_PROTOCOL = "actioncable-v1-ext-json";
  private static final List<String> SUPPORTED = List.of(JSON_PROTOCOL, EXT_JSON_PROTOCOL);
  private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

  /**
   * An upgrade request as any transport sees it.
   *
   * @param rawPath the path as sent, without the query
   * @param rawQuery the query as sent, without {@code ?}, or null
   * @param headers every value of a header, by case-insensitive name (empty when absent)
   * @param secure whether the connection is TLS (the URL then starts with {@code https://})
   * @param remoteAddress the peer's IP address, for {@code REMOTE_ADDR}
   */
  public record Request(
      String method,
      String rawPath,
      String rawQuery,
      Function<String, List<String>> headers,
      boolean secure,
      String remoteAddress) {
    Optional<String> first(String name) {
      List<String> values = headers.apply(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  /** Why an upgrade is refused, with the HTTP status to answer. */
  public static final class Refused extends Exception {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 400, 403 or 503. */
    public int status() {
      return status;
    }
  }

  /**
   * An accepted upgrade.
   *
   * @param response the {@code 101 Switching Protocols} response, headers and blank line included
   * @param protocol the negotiated sub-protocol, or null
   * @param sid the session id ({@code X-Request-ID} or a new one)
   * @param url {@code http(s)://} + Host + path + query, as the RPC env's url
   * @param headers the forwarded headers, lower-case, plus {@code REMOTE_ADDR}
   * @param pingInterval ping interval for this connection ({@code ?pi=} or the default)
   * @param pingPrecision ping timestamp precision ({@code ?ptp=} or the default)
   * @param restoreSid the previous sid an extended-protocol client asked to restore, or null
   */
  public record Accepted(
      String response,
      String protocol,
      String sid,
      String url,
      Map<String, String> headers,
      Duration pingInterval,
      String pingPrecision,
      String restoreSid) {
    /** The session this upgrade opens, reaching its client through {@code transport}. */
    public Session session(SessionTransport transport, Instant openedAt) {
      Session session = new Session(sid, url, headers, protocol, openedAt, transport);
      session.restoreSid(restoreSid);
      return session;
    }
  }

  private final Node node;
  private final PathMatcher paths;
  private final OriginPolicy origins;

  public Handshake(Node node) {
    this.node = node;
    this.paths = new PathMatcher(node.config().paths());
    this.origins = new OriginPolicy(node.config().allowedOrigins());
  }

  /** Whether a request on this path is a cable upgrade (others are plain HTTP). */
  public boolean matches(String rawPath) {
    return paths.matches(rawPath);
  }

  /** Checks an upgrade on a cable path and decides what the connection will be. */
  public Accepted accept(Request request) throws Refused {
    if (!request.method().equals("GET")) {
      throw new Refused(400, "WebSocket upgrade must use GET");
    }
    String key = request.first("Sec-WebSocket-Key").orElseThrow(() -> new Refused(400, "Missing Sec-WebSocket-Key header"));
    if (!request.first("Sec-WebSocket-Version").orElse("13").equals("13")) {
      throw new Refused(400, "Unsupported WebSocket version");
    }
    String origin = request.first("Origin").orElse(null);
    if (!origins.allows(origin)) {
      throw new Refused(403, "Origin not allowed: " + origin);
    }
    if (node.shuttingDown()) {
      throw new Refused(503, "Server is shutting down");
    }
    String protocol = negotiate(request.headers().apply("Sec-WebSocket-Protocol"));
    StringBuilder response =
        new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Accept: ").append(accept(key)).append("\r\n")
            .append("X-AnyCable-Version: ").append(node.config().serverVersion()).append("\r\n");
    if (protocol != null) {
      response.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
    }
    response.append("\r\n");

    Map<String, String> query = query(request.rawQuery());
    String sid = request.first("X-Request-ID").filter(s -> !s.isBlank()).orElseGet(Sids::next);
    String restore = null;
    if (EXT_JSON_PROTOCOL.equals(protocol)) {
      // PROTOCOL.md 3.6.4: the header wins over the query parameter
      restore = request.first("X-AnyCable-Restore-SID").orElse(query.get("sid"));
    }
    Duration interval = node.config().pingInterval();
    if (query.containsKey("pi")) {
      try {
        interval = Duration.ofMillis(Math.round(Double.parseDouble(query.get("pi")) * 1000));
      } catch (RuntimeException e) {
        // an unreadable value keeps the default, as anycable-go does
      }
    }
    String precision = node.config().pingTimestampPrecision();
    if (query.containsKey("ptp")) {
      String p = query.get("ptp").toLowerCase(Locale.ROOT);
      if (p.equals("s") || p.equals("ms") || p.equals("ns")) {
        precision = p;
      }
    }
    return new Accepted(
        response.toString(),
        protocol,
        sid,
        url(request),
        forwardedHeaders(request),
        interval.isNegative() ? Duration.ZERO : interval,
        precision,
        restore);
  }

  /** The first protocol the client offers that we speak, or null (PROTOCOL.md 3.1). */
  private static String negotiate(List<String> offered) {
    if (offered == null) {
      return null;
    }
    for (String value : offered) {
      for (String candidate : value.split(",")) {
        String p = candidate.strip();
        if (SUPPORTED.contains(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static String accept(String key) throws Refused {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(key.strip());
    } catch (IllegalArgumentException e) {
      decoded = new byte[0];
    }
    if (decoded.length != 16) {
      throw new Refused(400, "Invalid Sec-WebSocket-Key header");
    }
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(key.strip().getBytes(StandardCharsets.US_ASCII));
      sha1.update(GUID);
      return Base64.getEncoder().encodeToString(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
    }
  }

  /** {@code http(s)://} + Host + path + {@code ?query}, never {@code ws://} (PROTOCOL.md 2.1). */
  private static String url(Request request) {
    StringBuilder url = new StringBuilder(request.secure() ? "https://" : "http://")
        .append(request.first("Host").orElse("localhost"))
        .append(request.rawPath());
    if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
      url.append('?').append(request.rawQuery());
    }
    return url.toString();
  }

  /** The allow-listed headers, lower-case, non-empty, plus REMOTE_ADDR (PROTOCOL.md 2.1). */
  private Map<String, String> forwardedHeaders(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : node.config().headers()) {
      String value = request.first(name).orElse("");
      if (name.equals("cookie") && !node.config().proxyCookies().isEmpty()) {
        value = filterCookies(value, node.config().proxyCookies());
      }
      if (!value.isEmpty()) {
        out.put(name, value);
      }
    }
    out.put("REMOTE_ADDR", request.remoteAddress());
    return out;
  }

  private static String filterCookies(String header, List<String> keep) {
    StringBuilder out = new StringBuilder();
    for (String pair : header.split(";")) {
      String p = pair.strip();
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq);
      if (keep.contains(name)) {
        out.append(out.isEmpty() ? "" : "; ").append(p);
      }
    }
    return out.toString();
  }

  /** The query's parameters, percent-decoded; the first value of a repeated name wins. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape: keep it as sent
    }
  }
}
