package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.Session;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP/1.1 upgrade request on a WebSocket path into a {@link CableConnection}
 * (PROTOCOL.md 2.1, 3.1): checks the handshake and the origin, negotiates the sub-protocol,
 * chooses the sid and builds the env the RPC server will see.
 *
 * <p>Requests on other paths return null, so Helidon routes them as plain HTTP.
 */
final class CableUpgrader implements Http1Upgrader {
  static final String JSON_PROTOCOL = "actioncable-v1-json";
  static final String EXT_JSON_PROTOCOL = "actioncable-v1-ext-json";
  private static final List<String> SUPPORTED = List.of(JSON_PROTOCOL, EXT_JSON_PROTOCOL);
  private static final HeaderName RESTORE_SID = HeaderNames.create("X-AnyCable-Restore-SID");
  private static final HeaderName WS_KEY = HeaderNames.create("Sec-WebSocket-Key");
  private static final HeaderName WS_VERSION = HeaderNames.create("Sec-WebSocket-Version");
  private static final HeaderName WS_PROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");
  private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-ID");
  private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

  private final Node node;
  private final PathMatcher paths;
  private final OriginPolicy origins;

  CableUpgrader(Node node) {
    this.node = node;
    this.paths = new PathMatcher(node.config().paths());
    this.origins = new OriginPolicy(node.config().allowedOrigins());
  }

  @Override
  public String supportedProtocol() {
    return "websocket";
  }

  @Override
  public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
    if (!paths.matches(prologue.uriPath().path())) {
      return null;
    }
    if (prologue.method() != Method.GET) {
      throw reject(DirectHandler.EventType.BAD_REQUEST, null, "WebSocket upgrade must use GET");
    }
    String key = headers.first(WS_KEY).orElseThrow(
        () -> reject(DirectHandler.EventType.BAD_REQUEST, null, "Missing Sec-WebSocket-Key header"));
    if (!headers.first(WS_VERSION).orElse("13").equals("13")) {
      throw reject(DirectHandler.EventType.BAD_REQUEST, null, "Unsupported WebSocket version");
    }
    String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
    if (!origins.allows(origin)) {
      throw reject(DirectHandler.EventType.FORBIDDEN, null, "Origin not allowed: " + origin);
    }
    if (node.shuttingDown()) {
      throw reject(DirectHandler.EventType.OTHER, Status.SERVICE_UNAVAILABLE_503, "Server is shutting down");
    }
    String protocol = negotiate(headers.values(WS_PROTOCOL));
    String accept = accept(key);

    StringBuilder response =
        new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Accept: ").append(accept).append("\r\n")
            .append("X-AnyCable-Version: ").append(node.config().serverVersion()).append("\r\n");
    if (protocol != null) {
      response.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
    }
    response.append("\r\n");

    UriQuery query = prologue.query();
    CableConnection connection = new CableConnection(ctx, node, pingSettings(query));
    String sid = headers.first(REQUEST_ID).filter(s -> !s.isBlank()).orElseGet(Sids::next);
    Session session =
        new Session(
            sid,
            url(ctx, prologue, headers),
            forwardedHeaders(ctx, headers),
            protocol,
            node.clock().instant(),
            connection);
    if (EXT_JSON_PROTOCOL.equals(protocol)) {
      // PROTOCOL.md 3.6.4: the header wins over the query parameter
      session.restoreSid(headers.first(RESTORE_SID).orElseGet(() -> query.contains("sid") ? query.get("sid") : null));
    }
    connection.attach(session);
    ctx.dataWriter().writeNow(BufferData.create(response.toString().getBytes(StandardCharsets.US_ASCII)));
    return connection;
  }

  private static RequestException reject(DirectHandler.EventType type, Status status, String message) {
    RequestException.Builder b = RequestException.builder().type(type).message(message);
    if (status != null) {
      b.status(status);
    }
    return b.build();
  }

  /** The first protocol the client offers that we speak, or null (PROTOCOL.md 3.1). */
  private static String negotiate(List<String> offered) {
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

  private static String accept(String key) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(key.strip());
    } catch (IllegalArgumentException e) {
      decoded = new byte[0];
    }
    if (decoded.length != 16) {
      throw reject(DirectHandler.EventType.BAD_REQUEST, null, "Invalid Sec-WebSocket-Key header");
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
  private static String url(ConnectionContext ctx, HttpPrologue prologue, Headers headers) {
    String host = headers.first(HeaderNames.HOST).orElse("localhost");
    StringBuilder url = new StringBuilder(ctx.isSecure() ? "https://" : "http://")
        .append(host)
        .append(prologue.uriPath().rawPath());
    String rawQuery = prologue.query().rawValue();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      url.append('?').append(rawQuery);
    }
    return url.toString();
  }

  /** The allow-listed headers, lower-case, non-empty, plus REMOTE_ADDR (PROTOCOL.md 2.1). */
  private Map<String, String> forwardedHeaders(ConnectionContext ctx, Headers headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : node.config().headers()) {
      String value = headers.first(HeaderNames.create(name)).orElse("");
      if (name.equals("cookie") && !node.config().proxyCookies().isEmpty()) {
        value = filterCookies(value, node.config().proxyCookies());
      }
      if (!value.isEmpty()) {
        out.put(name, value);
      }
    }
    out.put("REMOTE_ADDR", remoteAddress(ctx));
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

  private static String remoteAddress(ConnectionContext ctx) {
    if (ctx.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return ctx.remotePeer().host();
  }

  private Pinger.Settings pingSettings(UriQuery query) {
    Duration interval = node.config().pingInterval();
    String precision = node.config().pingTimestampPrecision();
    if (query.contains("pi")) {
      try {
        interval = Duration.ofMillis(Math.round(Double.parseDouble(query.get("pi")) * 1000));
      } catch (RuntimeException e) {
        // an unreadable value keeps the default, as anycable-go does
      }
    }
    if (query.contains("ptp")) {
      String p = query.get("ptp").toLowerCase(Locale.ROOT);
      if (p.equals("s") || p.equals("ms") || p.equals("ns")) {
        precision = p;
      }
    }
    return new Pinger.Settings(
        interval.isNegative() ? Duration.ZERO : interval, precision, node.clock(), node.config().pongTimeout());
  }
}
