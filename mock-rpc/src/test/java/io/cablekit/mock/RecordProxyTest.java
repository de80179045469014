package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.Env;
import io.cablekit.rpc.RPCGrpc;
import io.cablekit.server.Broadcast;
import io.cablekit.server.support.TestRpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recorder as a proxy: what it passes on, what it records, what it only reports. */
class RecordProxyTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\"}";
  static final String SID = "sid-proxy-test-000001";

  static CommandMessage speak() {
    return CommandMessage.newBuilder().setCommand("message").setIdentifier(CHAT)
        .setData("{\"action\":\"speak\"}").setEnv(Env.newBuilder().setUrl("http://localhost/cable")).build();
  }

  /** A gRPC call to the recorder with {@code sid} and {@code protov} metadata, as a server makes it. */
  static void grpcCommand(Recorder recorder) {
    ManagedChannel channel = NettyChannelBuilder.forTarget(recorder.target()).usePlaintext().build();
    try {
      Metadata md = new Metadata();
      md.put(Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER), SID);
      md.put(Metadata.Key.of("protov", Metadata.ASCII_STRING_MARSHALLER), "v1");
      RPCGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(5, TimeUnit.SECONDS).command(speak());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void grpcErrorsPassThroughWithTheirCodeAndAreRecordedAsStatus() {
    try (TestRpcServer app = TestRpcServer.start(); Recorder recorder = Recorder.start(app.target())) {
      app.onCommand(c -> {
        throw Status.RESOURCE_EXHAUSTED.withDescription("pool is full").asRuntimeException();
      });
      assertThatThrownBy(() -> grpcCommand(recorder))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).isEqualTo("pool is full");
          });
      assertThat(app.history("Command")).singleElement().satisfies(c -> {
        assertThat(c.sid()).isEqualTo(SID);
        assertThat(c.protov()).isEqualTo("v1");
      });
      assertThat(recorder.write(StubFiles.Format.YAML)).contains("status: RESOURCE_EXHAUSTED").contains("message: pool is full");
    }
  }

  @Test
  void callsTheRealServerDidNotAnswerArePassedOnButNotRecorded() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (Recorder recorder = Recorder.start("127.0.0.1:" + closed)) {
      assertThatThrownBy(() -> grpcCommand(recorder))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(recorder.exchanges()).isEmpty();
      assertThat(recorder.stubs()).isEmpty();
      assertThat(recorder.warnings()).singleElement().asString().contains("not recorded").contains("UNAVAILABLE");
    }
  }

  @Test
  void httpRpcErrorsPassThroughUnchangedAndTheConfiguredSecretIsRequiredAndSentOn() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/rpc", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.getRequestBody().readAllBytes();
      byte[] body = "busy".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    try (Recorder recorder = Recorder.start("http://127.0.0.1:" + upstream.getAddress().getPort() + "/rpc",
            MockRpcConfig.builder().httpSecret("front-secret").build());
        HttpClient http = HttpClient.newHttpClient()) {
      String body = "{\"command\":\"message\",\"identifier\":" + io.cablekit.protocol.Json.quote(CHAT) + ",\"data\":\"{}\"}";
      HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(recorder.httpUrl() + "/command"))
          .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);

      HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(recorder.httpUrl() + "/command"))
          .header("Authorization", "Bearer front-secret").header("X-Anycable-Meta-Sid", SID)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(res.body()).isEqualTo("busy");
      assertThat(authorizations).containsExactly("Bearer front-secret");
      assertThat(recorder.exchanges()).singleElement().satisfies(e -> {
        assertThat(e.fault()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(e.call().sid()).isEqualTo(SID);
      });
    } finally {
      upstream.stop(0);
    }
  }

  @Test
  void broadcastsOutsideAnyCallAreForwardedButNotRecorded() throws Exception {
    List<Broadcast> forwarded = new CopyOnWriteArrayList<>();
    try (TestRpcServer app = TestRpcServer.start(); Recorder recorder = Recorder.start(app.target());
        HttpClient http = HttpClient.newHttpClient()) {
      recorder.broadcaster(forwarded::add);
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(recorder.broadcastUrl()))
          .timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"news\",\"data\":\"{\\\"n\\\":1}\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(201);
      assertThat(forwarded).containsExactly(Broadcast.of("news", "{\"n\":1}"));
      assertThat(recorder.warnings()).singleElement().asString().contains("no RPC call was being handled");
      assertThat(recorder.stubs()).isEmpty();
    }
  }
}
