package io.cablekit.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The server answered the WebSocket upgrade with something other than 101. */
public final class HandshakeException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient Map<String, List<String>> headers;
  private final String body;

  public HandshakeException(int status, Map<String, List<String>> headers, String body) {
    super("WebSocket upgrade refused with HTTP " + status + (body.isBlank() ? "" : ": " + body.strip()));
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** Response headers, keys lower-case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The response body, or empty. */
  public String body() {
    return body;
  }
}
