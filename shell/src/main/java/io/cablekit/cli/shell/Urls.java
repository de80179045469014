package io.cablekit.cli.shell;

import io.cablekit.client.HandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** WebSocket URLs as people type them, and connection failures as people can act on them. */
final class Urls {
  static final String DEFAULT = "ws://localhost:8080/cable";

  private Urls() {}

  /**
   * Normalises a URL as ACLI does: the scheme and path are optional ({@code localhost:8080} is
   * {@code ws://localhost:8080/cable}); {@code http} and {@code https} become {@code ws} and
   * {@code wss}.
   *
   * @throws ShellException "bad URL ..." saying what is wrong
   */
  static URI websocket(String typed) throws ShellException {
    String text = typed.strip();
    if (text.isEmpty()) {
      throw new ShellException("bad URL: empty");
    }
    if (!text.contains("://")) {
      text = "ws://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ShellException("bad URL \"" + typed + "\": " + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    scheme = switch (scheme) {
      case "ws", "http" -> "ws";
      case "wss", "https" -> "wss";
      default -> throw new ShellException(
          "bad URL \"" + typed + "\": the scheme must be ws, wss, http or https, not " + (scheme.isEmpty() ? "empty" : scheme));
    };
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ShellException("bad URL \"" + typed + "\": no host (write it as ws://host:port/cable)");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/") ? "/cable" : uri.getRawPath();
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return URI.create(scheme + "://" + uri.getRawAuthority().replaceFirst(":\\d+$", "") + port + path + query);
  }

  /** {@code http(s)://host:port} of a WebSocket URL: where the inspection API lives. */
  static String httpBase(URI ws) {
    String scheme = "wss".equals(ws.getScheme()) ? "https" : "http";
    return scheme + "://" + ws.getRawAuthority();
  }

  /** Says why a connection failed, in words that suggest what to do. */
  static ShellException connectFailure(URI url, IOException e) {
    String why;
    if (e instanceof HandshakeException h) {
      why = "the server refused the WebSocket upgrade with HTTP " + h.status()
          + (h.body().isBlank() ? "" : ": " + h.body().strip())
          + (h.status() == 404 ? " (is the path right? Action Cable's is /cable)" : "");
    } else if (e instanceof ConnectException) {
      why = "connection refused (is the server running on " + url.getHost() + ":" + port(url) + "?)";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host " + url.getHost();
    } else if (e instanceof NoRouteToHostException) {
      why = "no route to host " + url.getHost();
    } else if (e instanceof SocketTimeoutException) {
      why = "no answer within 5s";
    } else if (e instanceof EOFException) {
      why = "the server closed the connection during the WebSocket handshake (is this a WebSocket endpoint?)";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new ShellException("cannot connect to " + url + ": " + why);
  }

  static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : "wss".equals(url.getScheme()) ? 443 : 80;
  }
}
