package io.cablekit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.Env;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RPC call as the mock sees it, with AnyCable's JSON-in-strings decoded: the identifier's
 * channel and params, the action and data of a perform, the connection identifiers, cookies, URL
 * path and query. Fields that should be JSON but are not are kept as text and listed in {@link
 * #malformed()}.
 *
 * @param kind what the call is
 * @param sid the session id from the {@code sid} metadata (or {@code X-Anycable-Meta-Sid})
 * @param url {@code env.url}
 * @param headers {@code env.headers}
 * @param identifier the raw channel identifier (commands), else empty
 * @param data the raw perform data, else empty
 * @param identifiers the raw connection identifiers (commands, disconnect), else empty
 * @param cstate the connection state sent
 * @param istate the channel state sent (for disconnect: identifier to JSON-encoded state)
 * @param subscriptions for disconnect: the subscribed identifiers
 */
public record RpcCall(
    Kind kind,
    String sid,
    String url,
    Map<String, String> headers,
    String identifier,
    String data,
    String identifiers,
    Map<String, String> cstate,
    Map<String, String> istate,
    List<String> subscriptions) {

  public RpcCall {
    sid = sid == null ? "" : sid;
    url = url == null ? "" : url;
    headers = Map.copyOf(headers);
    identifier = identifier == null ? "" : identifier;
    data = data == null ? "" : data;
    identifiers = identifiers == null ? "" : identifiers;
    cstate = Map.copyOf(cstate);
    istate = Map.copyOf(istate);
    subscriptions = List.copyOf(subscriptions);
  }

  /** Decodes a Connect request. */
  public static RpcCall connect(ConnectionRequest request, String sid) {
    Env env = request.getEnv();
    return new RpcCall(Kind.CONNECT, sid, env.getUrl(), env.getHeadersMap(), "", "", "", env.getCstateMap(), Map.of(), List.of());
  }

  /** Decodes a Command request; unknown command names are treated as perform. */
  public static RpcCall command(CommandMessage request, String sid) {
    Kind kind =
        switch (request.getCommand()) {
          case "subscribe" -> Kind.SUBSCRIBE;
          case "unsubscribe" -> Kind.UNSUBSCRIBE;
          default -> Kind.PERFORM;
        };
    Env env = request.getEnv();
    return new RpcCall(
        kind,
        sid,
        env.getUrl(),
        env.getHeadersMap(),
        request.getIdentifier(),
        request.getData(),
        request.getConnectionIdentifiers(),
        env.getCstateMap(),
        env.getIstateMap(),
        List.of());
  }

  /** Decodes a Disconnect request. */
  public static RpcCall disconnect(DisconnectRequest request, String sid) {
    Env env = request.getEnv();
    return new RpcCall(
        Kind.DISCONNECT,
        sid,
        env.getUrl(),
        env.getHeadersMap(),
        "",
        "",
        request.getIdentifiers(),
        env.getCstateMap(),
        env.getIstateMap(),
        request.getSubscriptionsList());
  }

  /** The identifier as JSON, or a missing node when it is empty or not JSON. */
  public JsonNode identifierJson() {
    return parse(identifier);
  }

  /** The {@code channel} of the identifier, or empty. */
  public String channel() {
    JsonNode channel = identifierJson().get("channel");
    return channel != null && channel.isTextual() ? channel.textValue() : "";
  }

  /** The identifier's params: every key except {@code channel}; empty object when none. */
  public ObjectNode params() {
    JsonNode id = identifierJson();
    ObjectNode params = Json.MAPPER.createObjectNode();
    if (id.isObject()) {
      id.properties().forEach(e -> {
        if (!e.getKey().equals("channel")) {
          params.set(e.getKey(), e.getValue());
        }
      });
    }
    return params;
  }

  /** The perform data as JSON, or a missing node. */
  public JsonNode dataJson() {
    return parse(data);
  }

  /** The {@code action} of the perform data, or empty. */
  public String action() {
    JsonNode action = dataJson().get("action");
    return action != null && action.isTextual() ? action.textValue() : "";
  }

  /** The connection identifiers as JSON, or a missing node. */
  public JsonNode identifiersJson() {
    return parse(identifiers);
  }

  /** Cookies from the forwarded {@code cookie} header. */
  public Map<String, String> cookies() {
    Map<String, String> out = new LinkedHashMap<>();
    String header = headers.getOrDefault("cookie", "");
    for (String pair : header.split(";")) {
      String p = pair.strip();
      int eq = p.indexOf('=');
      if (eq > 0) {
        out.put(p.substring(0, eq).strip(), decode(p.substring(eq + 1).strip()));
      }
    }
    return out;
  }

  /** The path of {@link #url()}, or empty. */
  public String path() {
    try {
      String p = URI.create(url).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Query parameters of {@link #url()} (first value of each). */
  public Map<String, String> query() {
    Map<String, String> out = new LinkedHashMap<>();
    String raw;
    try {
      raw = URI.create(url).getRawQuery();
    } catch (IllegalArgumentException e) {
      return out;
    }
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      out.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return out;
  }

  /** Names of the fields that should hold JSON but do not: identifier, data, identifiers. */
  public List<String> malformed() {
    List<String> out = new ArrayList<>();
    if (kind.isCommand() && identifierJson().isMissingNode()) {
      out.add("identifier");
    }
    if (kind == Kind.PERFORM && !data.isEmpty() && dataJson().isMissingNode()) {
      out.add("data");
    }
    if (!identifiers.isEmpty() && identifiersJson().isMissingNode()) {
      out.add("identifiers");
    }
    return out;
  }

  /** A one-line description for reports: {@code perform ChatChannel#speak {"room":"1"}}. */
  public String describe() {
    StringBuilder out = new StringBuilder(kind.label());
    if (kind.isCommand()) {
      out.append(' ').append(channel().isEmpty() ? identifier : channel());
      if (kind == Kind.PERFORM) {
        out.append('#').append(action());
      }
      if (!params().isEmpty()) {
        out.append(' ').append(params());
      }
    } else if (kind == Kind.CONNECT) {
      out.append(' ').append(url);
    } else {
      out.append(' ').append(identifiers);
    }
    return out.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isEmpty()) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (Exception e) {
      return MissingNode.getInstance();
    }
  }
}
