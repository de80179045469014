package io.cablekit.cli.shell;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a socket connects: the URL and what the handshake carries.
 *
 * @param url the WebSocket URL without the extra query parameters
 * @param headers extra request headers
 * @param cookies cookies, sent as one {@code Cookie} header
 * @param query query parameters added to the URL
 * @param protocols sub-protocols offered, in preference order
 */
record ConnectSpec(
    URI url, Map<String, String> headers, Map<String, String> cookies, Map<String, String> query, List<String> protocols) {
  static final String JSON_PROTOCOL = "actioncable-v1-json";
  static final String EXT_PROTOCOL = "actioncable-v1-ext-json";

  ConnectSpec {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    cookies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    protocols = List.copyOf(protocols);
  }

  /** The URL with the query parameters appended. */
  URI fullUrl() {
    if (query.isEmpty()) {
      return url;
    }
    StringBuilder q = new StringBuilder(url.getRawQuery() == null ? "" : url.getRawQuery());
    query.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String s = url.toString();
    int mark = s.indexOf('?');
    return URI.create((mark < 0 ? s : s.substring(0, mark)) + "?" + q);
  }

  /** The request headers, with the {@code Cookie} header built from the cookies. */
  Map<String, String> requestHeaders() {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (!cookies.isEmpty()) {
      StringBuilder cookie = new StringBuilder();
      cookies.forEach((k, v) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(k).append('=').append(v));
      all.put("Cookie", cookie.toString());
    }
    return all;
  }
}
