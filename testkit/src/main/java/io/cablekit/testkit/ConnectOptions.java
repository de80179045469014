package io.cablekit.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a test client connects: extra headers, cookies, query parameters, sub-protocols and path.
 * Immutable; each method returns a new value.
 *
 * <pre>{@code
 * clients.connect(ConnectOptions.defaults().cookie("uid", "42").header("X-Api-Token", "t0k"));
 * }</pre>
 */
public record ConnectOptions(
    Map<String, String> headers,
    Map<String, String> cookies,
    Map<String, String> query,
    List<String> protocols,
    String path) {
  public ConnectOptions {
    headers = Map.copyOf(headers);
    cookies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    protocols = List.copyOf(protocols);
  }

  /** No extra headers, the {@code actioncable-v1-json} sub-protocol, the server's path. */
  public static ConnectOptions defaults() {
    return new ConnectOptions(Map.of(), Map.of(), Map.of(), List.of("actioncable-v1-json"), null);
  }

  public ConnectOptions header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ConnectOptions(h, cookies, query, protocols, path);
  }

  public ConnectOptions cookie(String name, String value) {
    Map<String, String> c = new LinkedHashMap<>(cookies);
    c.put(name, value);
    return new ConnectOptions(headers, c, query, protocols, path);
  }

  public ConnectOptions query(String name, String value) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put(name, value);
    return new ConnectOptions(headers, cookies, q, protocols, path);
  }

  /** Offers these sub-protocols instead (none: no sub-protocol). */
  public ConnectOptions protocols(String... offered) {
    return new ConnectOptions(headers, cookies, query, new ArrayList<>(List.of(offered)), path);
  }

  /** Connects to another WebSocket path than the server's first one. */
  public ConnectOptions path(String value) {
    return new ConnectOptions(headers, cookies, query, protocols, value);
  }
}
