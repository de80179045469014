package io.cablekit.mock.internal.record;

import static io.cablekit.mock.internal.transport.HttpRpcJson.PARSER;
import static io.cablekit.mock.internal.transport.HttpRpcJson.PRINTER;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cablekit.server.internal.rpc.RpcMethod;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Forwards calls over HTTP RPC (PROTOCOL.md 1.5): {@code POST <base>/connect|command|disconnect},
 * the metadata as {@code X-Anycable-Meta-*} headers and the {@code Authorization} header given.
 */
final class HttpUpstream implements Upstream {

  private final String base;
  private final HttpClient client;

  HttpUpstream(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public Result call(RpcMethod method, Message request, Map<String, String> meta, String authorization, Duration timeout) {
    String body;
    try {
      body = PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      return new Fault(Status.Code.INTERNAL, "cannot encode request: " + e.getMessage(), 0, null, false);
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(URI.create(base + "/" + method.httpPath()))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    meta.forEach((k, v) -> http.header("X-Anycable-Meta-" + capitalized(k), v));
    if (authorization != null && !authorization.isEmpty()) {
      http.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return new Fault(Status.Code.DEADLINE_EXCEEDED, "HTTP RPC timed out", 0, null, false);
    } catch (IOException e) {
      return new Fault(Status.Code.UNAVAILABLE, "HTTP RPC to " + base + " failed: " + e, 0, null, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Fault(Status.Code.CANCELLED, "interrupted", 0, null, false);
    }
    int status = response.statusCode();
    if (status != 200) {
      // the codes anycable-go maps HTTP RPC errors to (PROTOCOL.md 1.5)
      Status.Code code = switch (status) {
        case 401 -> Status.Code.UNAUTHENTICATED;
        case 400, 422 -> Status.Code.INVALID_ARGUMENT;
        default -> Status.Code.UNKNOWN;
      };
      return new Fault(code, "HTTP RPC returned " + status, status, response.body(), true);
    }
    Message.Builder builder = method.responsePrototype().newBuilderForType();
    try {
      PARSER.merge(response.body(), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return new Fault(Status.Code.INTERNAL, "invalid HTTP RPC response body: " + e.getMessage(), 200, response.body(), false);
    }
    return new Response(builder.build(), response.body());
  }

  /** {@code sid} → {@code Sid}, as anycable-go spells the header. */
  private static String capitalized(String key) {
    StringBuilder out = new StringBuilder(key.length());
    boolean up = true;
    for (char c : key.toCharArray()) {
      out.append(up ? Character.toUpperCase(c) : c);
      up = c == '-';
    }
    return out.toString();
  }

  @Override
  public String describe() {
    return base;
  }

  @Override
  public void close() {
    client.close();
  }
}
