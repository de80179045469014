package io.cablekit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.mock.internal.matching.JsonMatch;
import io.cablekit.mock.internal.matching.Mismatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an RPC call must look like to match: the kind, the channel and identifier params, the
 * action and data of a perform, request headers, cookies, URL path and query, connection
 * identifiers, and connection or channel state. Every part is optional; JSON parts match
 * partially and in any key order, with the operators of {@link Matchers}.
 *
 * <p>The same patterns serve stubbing and verification. Immutable; each {@code with...} returns a
 * new pattern.
 */
public final class RequestPattern {
  private final Kind kind;
  private final String channel;
  private final String action;
  private final JsonNode params;
  private final JsonNode data;
  private final JsonNode identifiers;
  private final JsonNode path;
  private final Map<String, JsonNode> headers;
  private final Map<String, JsonNode> cookies;
  private final Map<String, JsonNode> query;
  private final Map<String, JsonNode> cstate;
  private final Map<String, JsonNode> istate;

  private RequestPattern(
      Kind kind,
      String channel,
      String action,
      JsonNode params,
      JsonNode data,
      JsonNode identifiers,
      JsonNode path,
      Map<String, JsonNode> headers,
      Map<String, JsonNode> cookies,
      Map<String, JsonNode> query,
      Map<String, JsonNode> cstate,
      Map<String, JsonNode> istate) {
    this.kind = kind;
    this.channel = channel;
    this.action = action;
    this.params = check("params", params);
    this.data = check("data", data);
    this.identifiers = check("identifiers", identifiers);
    this.path = check("path", path);
    this.headers = checkAll("headers", headers);
    this.cookies = checkAll("cookies", cookies);
    this.query = checkAll("query", query);
    this.cstate = checkAll("cstate", cstate);
    this.istate = checkAll("istate", istate);
  }

  private static JsonNode check(String field, JsonNode node) {
    if (node != null) {
      JsonMatch.validate(field, node);
    }
    return node;
  }

  private static Map<String, JsonNode> checkAll(String field, Map<String, JsonNode> map) {
    map.forEach((k, v) -> JsonMatch.validate(field + "." + k, v));
    return Map.copyOf(map);
  }

  private static final RequestPattern ANY =
      new RequestPattern(null, null, null, null, null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  /** Matches every call. */
  public static RequestPattern any() {
    return ANY;
  }

  /** Matches calls of one kind. */
  public static RequestPattern of(Kind kind) {
    return ANY.withKind(kind);
  }

  /** Matches Connect calls. */
  public static RequestPattern connect() {
    return of(Kind.CONNECT);
  }

  /** Matches subscribe commands to {@code channel}. */
  public static RequestPattern subscribe(String channel) {
    return of(Kind.SUBSCRIBE).withChannel(channel);
  }

  /** Matches unsubscribe commands from {@code channel}. */
  public static RequestPattern unsubscribe(String channel) {
    return of(Kind.UNSUBSCRIBE).withChannel(channel);
  }

  /** Matches performs of {@code action} on {@code channel}. */
  public static RequestPattern perform(String channel, String action) {
    return of(Kind.PERFORM).withChannel(channel).withAction(action);
  }

  /** Matches Disconnect calls. */
  public static RequestPattern disconnect() {
    return of(Kind.DISCONNECT);
  }

  private RequestPattern copy(
      Kind k, String c, String a, JsonNode p, JsonNode d, JsonNode ids, JsonNode pa,
      Map<String, JsonNode> h, Map<String, JsonNode> co, Map<String, JsonNode> q,
      Map<String, JsonNode> cs, Map<String, JsonNode> is) {
    return new RequestPattern(k, c, a, p, d, ids, pa, h, co, q, cs, is);
  }

  public RequestPattern withKind(Kind k) {
    return copy(k, channel, action, params, data, identifiers, path, headers, cookies, query, cstate, istate);
  }

  /** Requires the identifier's {@code channel}. */
  public RequestPattern withChannel(String c) {
    return copy(kind, c, action, params, data, identifiers, path, headers, cookies, query, cstate, istate);
  }

  /** Requires the perform data's {@code action}. */
  public RequestPattern withAction(String a) {
    return copy(kind, channel, a, params, data, identifiers, path, headers, cookies, query, cstate, istate);
  }

  /** Requires identifier params (partial JSON: a map, record, JSON node or JSON text). */
  public RequestPattern withParams(Object p) {
    return copy(kind, channel, action, json(p), data, identifiers, path, headers, cookies, query, cstate, istate);
  }

  /** Requires perform data (partial JSON). */
  public RequestPattern withData(Object d) {
    return copy(kind, channel, action, params, json(d), identifiers, path, headers, cookies, query, cstate, istate);
  }

  /** Requires connection identifiers (partial JSON). */
  public RequestPattern withIdentifiers(Object ids) {
    return copy(kind, channel, action, params, data, json(ids), path, headers, cookies, query, cstate, istate);
  }

  /** Requires the URL path: a string or a matcher. */
  public RequestPattern withPath(Object p) {
    return copy(kind, channel, action, params, data, identifiers, value(p), headers, cookies, query, cstate, istate);
  }

  /** Requires a forwarded header (lower-case name): a string or a matcher. */
  public RequestPattern withHeader(String name, Object value) {
    return copy(kind, channel, action, params, data, identifiers, path, put(headers, name.toLowerCase(java.util.Locale.ROOT), value), cookies, query, cstate, istate);
  }

  /** Requires a cookie: a string or a matcher. */
  public RequestPattern withCookie(String name, Object value) {
    return copy(kind, channel, action, params, data, identifiers, path, headers, put(cookies, name, value), query, cstate, istate);
  }

  /** Requires a URL query parameter: a string or a matcher. */
  public RequestPattern withQuery(String name, Object value) {
    return copy(kind, channel, action, params, data, identifiers, path, headers, cookies, put(query, name, value), cstate, istate);
  }

  /** Requires a connection-state value: a string or a matcher. */
  public RequestPattern withCstate(String key, Object value) {
    return copy(kind, channel, action, params, data, identifiers, path, headers, cookies, query, put(cstate, key, value), istate);
  }

  /** Requires a channel-state value: a string or a matcher. */
  public RequestPattern withIstate(String key, Object value) {
    return copy(kind, channel, action, params, data, identifiers, path, headers, cookies, query, cstate, put(istate, key, value));
  }

  private static Map<String, JsonNode> put(Map<String, JsonNode> map, String key, Object value) {
    Map<String, JsonNode> out = new LinkedHashMap<>(map);
    out.put(key, value(value));
    return out;
  }

  /** A string stays a string; JSON text is not parsed here (header values are strings). */
  private static JsonNode value(Object v) {
    Objects.requireNonNull(v, "value");
    return v instanceof String s ? TextNode.valueOf(s) : Matchers.toJson(v);
  }

  /** JSON text is parsed; other values converted. */
  private static JsonNode json(Object v) {
    Objects.requireNonNull(v, "value");
    if (v instanceof String s) {
      try {
        return io.cablekit.protocol.Json.MAPPER.readTree(s);
      } catch (Exception e) {
        throw new IllegalArgumentException("not JSON: " + s, e);
      }
    }
    return Matchers.toJson(v);
  }

  public Kind kind() {
    return kind;
  }

  public String channel() {
    return channel;
  }

  public String action() {
    return action;
  }

  public JsonNode params() {
    return params;
  }

  public JsonNode data() {
    return data;
  }

  public JsonNode identifiers() {
    return identifiers;
  }

  public JsonNode path() {
    return path;
  }

  public Map<String, JsonNode> headers() {
    return headers;
  }

  public Map<String, JsonNode> cookies() {
    return cookies;
  }

  public Map<String, JsonNode> query() {
    return query;
  }

  public Map<String, JsonNode> cstate() {
    return cstate;
  }

  public Map<String, JsonNode> istate() {
    return istate;
  }

  /** Whether the call matches every part of this pattern. */
  public boolean matches(RpcCall call) {
    return mismatches(new CallView(call)).isEmpty();
  }

  /** Lists every part of the call that does not match, field by field. */
  public List<Mismatch> mismatches(CallView call) {
    List<Mismatch> out = new ArrayList<>();
    RpcCall c = call.call();
    if (kind != null && kind != c.kind()) {
      out.add(new Mismatch("kind", kind.label(), c.kind().label()));
      return out;
    }
    if (channel != null && !channel.equals(call.channel())) {
      out.add(new Mismatch("channel", quote(channel), call.channel().isEmpty() ? "<absent>" : quote(call.channel())));
    }
    if (action != null && !action.equals(call.action())) {
      out.add(new Mismatch("action", quote(action), call.action().isEmpty() ? "<absent>" : quote(call.action())));
    }
    if (params != null) {
      JsonMatch.diff("params", params, call.identifierJson().isMissingNode() ? null : call.params(), out);
    }
    if (data != null) {
      JsonMatch.diff("data", data, call.dataJson(), out);
    }
    if (identifiers != null) {
      JsonMatch.diff("identifiers", identifiers, call.identifiersJson(), out);
    }
    if (path != null) {
      JsonMatch.diff("path", path, TextNode.valueOf(c.path()), out);
    }
    strings("headers", headers, c.headers(), out);
    strings("cookies", cookies, call.cookies(), out);
    strings("query", query, call.query(), out);
    strings("cstate", cstate, c.cstate(), out);
    strings("istate", istate, c.istate(), out);
    return out;
  }

  private static void strings(String field, Map<String, JsonNode> expected, Map<String, String> actual, List<Mismatch> out) {
    expected.forEach((key, want) -> {
      String got = actual.get(key);
      JsonMatch.diff(field + "." + key, want, got == null ? null : TextNode.valueOf(got), out);
    });
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  /** A one-line description for reports, e.g. {@code perform ChatChannel#speak params {"room":"1"}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(kind == null ? "any call" : kind.label());
    if (channel != null) {
      out.append(' ').append(channel);
    }
    if (action != null) {
      out.append('#').append(action);
    }
    appendJson(out, "params", params);
    appendJson(out, "data", data);
    appendJson(out, "identifiers", identifiers);
    appendJson(out, "path", path);
    appendMap(out, "headers", headers);
    appendMap(out, "cookies", cookies);
    appendMap(out, "query", query);
    appendMap(out, "cstate", cstate);
    appendMap(out, "istate", istate);
    return out.toString();
  }

  private static void appendJson(StringBuilder out, String name, JsonNode node) {
    if (node != null) {
      out.append(' ').append(name).append(' ').append(node);
    }
  }

  private static void appendMap(StringBuilder out, String name, Map<String, JsonNode> map) {
    if (!map.isEmpty()) {
      out.append(' ').append(name).append(' ').append(io.cablekit.protocol.Json.MAPPER.valueToTree(map).toString());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestPattern p && toString().equals(p.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
