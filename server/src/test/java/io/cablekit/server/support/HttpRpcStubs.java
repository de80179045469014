package io.cablekit.server.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cablekit.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WireMock server on a random loopback port that plays an AnyCable HTTP RPC application
 * (PROTOCOL.md 1.5) under {@code /_anycable}. Every request is recorded the moment it arrives, so
 * tests can block on {@link #takeRequest(String, Duration)} instead of polling the journal.
 */
public final class HttpRpcStubs implements AutoCloseable {
  public static final String BASE_PATH = "/_anycable";

  /** A request as it arrived: RPC method (last path segment), WireMock's copy, arrival time. */
  public record RecordedRequest(String rpcMethod, LoggedRequest request, long receivedNanos) {
    public String header(String name) {
      return request.containsHeader(name) ? request.getHeader(name) : null;
    }

    public String bodyText() {
      return request.getBodyAsString();
    }

    public JsonNode body() {
      return parse(request.getBodyAsString());
    }
  }

  private final Map<String, LinkedBlockingQueue<RecordedRequest>> queues =
      new ConcurrentHashMap<>();
  private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
  private final WireMockServer wireMock;

  private HttpRpcStubs() {
    this.wireMock =
        new WireMockServer(
            wireMockConfig().bindAddress("127.0.0.1").dynamicPort().extensions(new Recorder()));
  }

  /** Starts a server with no stubs (every request gets WireMock's 404). */
  public static HttpRpcStubs start() {
    HttpRpcStubs stubs = new HttpRpcStubs();
    stubs.wireMock.start();
    return stubs;
  }

  public WireMockServer wireMock() {
    return wireMock;
  }

  public int port() {
    return wireMock.port();
  }

  /** Returns {@code http://127.0.0.1:<port>/_anycable}, the value for {@code rpcHost}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + BASE_PATH;
  }

  /** Blocks until the next request for {@code rpcMethod} ("connect", "command", "disconnect"). */
  public RecordedRequest takeRequest(String rpcMethod, Duration timeout) {
    try {
      RecordedRequest r = queue(rpcMethod).poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError(
            "Expecting a POST "
                + BASE_PATH
                + "/"
                + rpcMethod
                + " within "
                + timeout.toMillis()
                + " ms, but none arrived. Received: "
                + received.stream().map(RecordedRequest::rpcMethod).toList());
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(received);
  }

  /** The number of requests received so far for one RPC method. */
  public long count(String rpcMethod) {
    return received.stream().filter(r -> r.rpcMethod().equals(rpcMethod)).count();
  }

  /** Answers every request for {@code rpcMethod} with {@code response}. */
  public void stub(String rpcMethod, ResponseDefinitionBuilder response) {
    wireMock.stubFor(post(urlPathEqualTo(BASE_PATH + "/" + rpcMethod)).willReturn(response));
  }

  /** Answers Command requests whose {@code command} is {@code command} with {@code json}. */
  public void onCommand(String command, String json) {
    wireMock.stubFor(
        post(urlPathEqualTo(BASE_PATH + "/command"))
            .withRequestBody(matchingJsonPath("$.command", equalTo(command)))
            .willReturn(okJson(json)));
  }

  /**
   * Ruby's accepted Connect (PROTOCOL.md 2.9): {@code identifiers}, the welcome with the sid from
   * the {@code X-Anycable-Meta-Sid} header, and a cstate delta.
   */
  public void acceptConnections(String identifiers, Map<String, String> cstate) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", 1);
    body.put("identifiers", identifiers);
    body.putArray("transmissions")
        .add("{\"type\":\"welcome\",\"sid\":\"{{request.headers.X-Anycable-Meta-Sid}}\"}");
    if (!cstate.isEmpty()) {
      ObjectNode c = body.putObject("env").putObject("cstate");
      cstate.forEach(c::put);
    }
    stub("connect", okJson(body.toString()).withTransformers("response-template"));
  }

  /** Ruby's {@code reject_unauthorized_connection}: FAILURE plus the disconnect transmission. */
  public void rejectConnections() {
    stub(
        "connect",
        okJson(
            reply(
                    2,
                    List.of(
                        "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"))
                .toString()));
  }

  /** Disconnect answered with SUCCESS. */
  public void acceptDisconnects() {
    stub("disconnect", okJson("{\"status\":1}"));
  }

  /** A reply object {@code {"status":<status>,"transmissions":[...]}} to extend. */
  public static ObjectNode reply(int status, List<String> transmissions) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", status);
    ArrayNode t = body.putArray("transmissions");
    transmissions.forEach(t::add);
    return body;
  }

  /** A 200 response with a JSON body and {@code Content-Type: application/json}. */
  public static ResponseDefinitionBuilder okJson(String json) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(json);
  }

  public static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private LinkedBlockingQueue<RecordedRequest> queue(String rpcMethod) {
    return queues.computeIfAbsent(rpcMethod, m -> new LinkedBlockingQueue<>());
  }

  @Override
  public void close() {
    wireMock.stop();
  }

  /** Records each request before matching, i.e. before any configured delay starts. */
  private final class Recorder implements ServeEventListener {
    @Override
    public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
      long now = System.nanoTime();
      LoggedRequest request = serveEvent.getRequest();
      String path = request.getUrl();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      String method = path.substring(path.lastIndexOf('/') + 1);
      RecordedRequest r = new RecordedRequest(method, request, now);
      received.add(r);
      queue(method).add(r);
    }

    @Override
    public String getName() {
      return "cablekit-http-rpc-recorder";
    }
  }
}
