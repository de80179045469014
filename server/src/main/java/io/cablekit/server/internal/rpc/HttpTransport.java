package io.cablekit.server.internal.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * AnyCable's HTTP RPC transport (PROTOCOL.md 1.5): {@code POST <base>/connect|command|disconnect}
 * with the request as JSON in proto field names, integer enums, metadata as {@code
 * X-Anycable-Meta-*} headers and an optional Bearer secret. HTTP failures map to the gRPC codes
 * anycable-go uses, so retries and logs behave the same for both transports.
 */
public final class HttpTransport implements RpcTransport {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().printingEnumsAsInts().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String base;
  private final String secret;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final CircuitBreaker breaker = new CircuitBreaker();

  /**
   * @param baseUrl e.g. {@code http://localhost:3000/_anycable}
   * @param secret Bearer token, or null for none
   * @param requestTimeout deadline of one request ({@code http_rpc_timeout}); zero leaves only the
   *     call's overall deadline
   */
  public HttpTransport(String baseUrl, String secret, Duration requestTimeout) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.secret = secret == null || secret.isEmpty() ? null : secret;
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public Message call(RpcMethod method, Message request, String sid, Duration timeout)
      throws RpcException {
    if (!breaker.allow()) {
      throw new RpcException(Status.Code.UNAVAILABLE, "HTTP RPC circuit breaker is open");
    }
    Duration attempt =
        requestTimeout.isZero() || requestTimeout.compareTo(timeout) > 0 ? timeout : requestTimeout;
    try {
      Message response = send(method, request, sid, attempt);
      breaker.success();
      return response;
    } catch (RpcException e) {
      // as anycable-go: any HTTP answer proves the app is reachable; only network failures
      // count against it, and timeouts count neither way
      if (e.code() == Status.Code.UNAVAILABLE) {
        breaker.failure();
      } else if (e.code() != Status.Code.DEADLINE_EXCEEDED) {
        breaker.success();
      }
      throw e;
    }
  }

  private Message send(RpcMethod method, Message request, String sid, Duration timeout)
      throws RpcException {
    String body;
    try {
      body = PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      throw new RpcException(Status.Code.INTERNAL, "cannot encode request: " + e.getMessage(), e);
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(URI.create(base + "/" + method.httpPath()))
            .timeout(timeout.isZero() ? Duration.ofSeconds(3) : timeout)
            .header("Content-Type", "application/json")
            .header("X-Anycable-Meta-Protov", "v1")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (sid != null && !sid.isEmpty()) {
      http.header("X-Anycable-Meta-Sid", sid);
    }
    if (secret != null) {
      http.header("Authorization", "Bearer " + secret);
    }
    HttpResponse<String> response;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new RpcException(Status.Code.DEADLINE_EXCEEDED, "HTTP RPC timed out", e);
    } catch (SSLException e) {
      throw new RpcException(Status.Code.UNAUTHENTICATED, "TLS failure: " + e.getMessage(), e);
    } catch (ConnectException e) {
      throw new RpcException(Status.Code.UNAVAILABLE, "cannot connect to " + base, e);
    } catch (IOException e) {
      throw new RpcException(Status.Code.UNAVAILABLE, "HTTP RPC failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(Status.Code.CANCELLED, "interrupted", e);
    }
    return parse(method, response);
  }

  private static Message parse(RpcMethod method, HttpResponse<String> response) throws RpcException {
    int status = response.statusCode();
    switch (status) {
      case 200 -> {}
      case 401 -> throw new RpcException(Status.Code.UNAUTHENTICATED, "HTTP RPC returned 401");
      case 400, 422 ->
          throw new RpcException(Status.Code.INVALID_ARGUMENT, "HTTP RPC returned " + status);
      default -> throw new RpcException(Status.Code.UNKNOWN, "HTTP RPC returned " + status);
    }
    Message.Builder builder = method.responsePrototype().newBuilderForType();
    try {
      PARSER.merge(response.body(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new RpcException(
          Status.Code.INTERNAL, "invalid HTTP RPC response body: " + e.getMessage(), e);
    }
    return builder.build();
  }

  @Override
  public boolean unavailable() {
    return breaker.open();
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
