package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The HTTP side of a server: CableKit's inspection API ({@code /_cablekit}), the mock's admin API
 * ({@code /__admin}, found through {@code extra.mock_admin} of {@code /_cablekit/info}) and the
 * broadcast endpoint. Thread-safe.
 */
final class ServerApi {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ShellOptions options;

  ServerApi(ShellOptions options) {
    this.options = options;
  }

  /** {@code GET /_cablekit/info} of the server behind a socket. */
  JsonNode info(URI ws) throws ShellException {
    String url = Urls.httpBase(ws) + "/_cablekit/info";
    Reply r = get(url, options.inspectToken());
    if (r.status() == 404) {
      throw new ShellException("this needs a CableKit server: " + url + " answered 404 (no inspection API there)");
    }
    return r.json(url, "--inspect-token");
  }

  /** {@code GET /_cablekit/sessions/{sid}}. */
  JsonNode session(URI ws, String sid) throws ShellException {
    String url = Urls.httpBase(ws) + "/_cablekit/sessions/" + encode(sid);
    return get(url, options.inspectToken()).json(url, "--inspect-token");
  }

  /** {@code GET /_cablekit/journal?limit=N}: publications, RPC replies and sessions, oldest first. */
  JsonNode serverJournal(URI ws, int limit) throws ShellException {
    String url = Urls.httpBase(ws) + "/_cablekit/journal?limit=" + limit;
    return get(url, options.inspectToken()).json(url, "--inspect-token");
  }

  /**
   * The mock admin base URL: {@code --admin-url}, else {@code extra.mock_admin} of the server.
   *
   * @throws ShellException when the server does not say where its mock is
   */
  String mockAdmin(URI ws) throws ShellException {
    if (options.adminUrl() != null) {
      return options.adminUrl();
    }
    JsonNode admin = info(ws).path("extra").path("mock_admin");
    if (!admin.isTextual()) {
      throw new ShellException("the server at " + Urls.httpBase(ws) + " runs no mock RPC with an admin API"
          + " (its /_cablekit/info has no mock_admin); give one with shell --admin-url=http://host:port/__admin");
    }
    return admin.asText();
  }

  JsonNode adminGet(String admin, String path) throws ShellException {
    String url = admin + path;
    return get(url, options.adminToken()).json(url, "--admin-token");
  }

  JsonNode adminPost(String admin, String path, String body, String contentType) throws ShellException {
    String url = admin + path;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    auth(b, options.adminToken());
    return send(b.build(), url).json(url, "--admin-token");
  }

  /** Where broadcasts go: {@code --broadcast-url}, the server's own report, or port 8090. */
  String broadcastUrl(URI ws) {
    if (options.broadcastUrl() != null) {
      return options.broadcastUrl();
    }
    try {
      JsonNode url = info(ws).path("extra").path("broadcast_url");
      if (url.isTextual()) {
        return url.asText();
      }
    } catch (ShellException e) {
      // not a CableKit server: anycable-go's default endpoint
    }
    return ("wss".equals(ws.getScheme()) ? "https" : "http") + "://" + ws.getHost() + ":8090/_broadcast";
  }

  /** Posts {@code {"stream":...,"data":"<json text>"}} to the broadcast endpoint (PROTOCOL.md 4.3). */
  String broadcast(URI ws, String stream, String data) throws ShellException {
    String url = broadcastUrl(ws);
    var body = Json.MAPPER.createObjectNode().put("stream", stream).put("data", data);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    auth(b, options.broadcastKey());
    Reply r = send(b.build(), url);
    if (r.status() / 100 != 2) {
      throw new ShellException("broadcast: " + url + " answered HTTP " + r.status()
          + (r.body().isBlank() ? "" : ": " + r.body().strip())
          + (r.status() == 401 ? " (give the key with shell --broadcast-key=KEY)" : ""));
    }
    return url;
  }

  private Reply get(String url, String token) throws ShellException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
    auth(b, token);
    return send(b.build(), url);
  }

  private static void auth(HttpRequest.Builder b, String token) {
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
  }

  private Reply send(HttpRequest request, String url) throws ShellException {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (ConnectException e) {
      throw new ShellException("cannot reach " + url + ": connection refused");
    } catch (HttpTimeoutException e) {
      throw new ShellException("cannot reach " + url + ": no answer within 5s");
    } catch (IOException e) {
      throw new ShellException("cannot reach " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShellException("interrupted");
    }
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private record Reply(int status, String body) {
    JsonNode json(String url, String tokenOption) throws ShellException {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        node = null;
      }
      if (status / 100 != 2) {
        String error = node != null && node.path("error").isTextual() ? node.path("error").asText() : body.strip();
        throw new ShellException(url + " answered HTTP " + status + (error.isEmpty() ? "" : ": " + error)
            + (status == 401 ? " (give the token with shell " + tokenOption + "=TOKEN)" : ""));
      }
      if (node == null) {
        throw new ShellException(url + " did not answer JSON: " + body.strip());
      }
      return node;
    }
  }
}
