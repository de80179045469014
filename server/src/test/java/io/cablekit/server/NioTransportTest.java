package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.support.Harness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the NIO transport adds to the contract the other server tests pin for both transports:
 * its own answers to bad request heads, and one relayed request per plain HTTP connection.
 */
class NioTransportTest {
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  void start() {
    h = Harness.start(b -> b.transport("nio").headTimeout(Duration.ofMillis(300)));
  }

  /** Sends raw bytes on a fresh connection and reads until the server closes it. */
  String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aRequestHeadThatDoesNotArriveInTimeIsAnswered408AndClosed() throws Exception {
    start();
    assertThat(exchange("GET /cable HTTP/1.1\r\nHost: localhost\r\n")).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void aMalformedRequestHeadIsAnswered400AndAnOversizedOne431() throws Exception {
    start();
    assertThat(exchange("NOT A REQUEST\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(exchange("GET /health HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void plainHttpOnTheMainPortIsRelayedOneRequestPerConnection() throws Exception {
    start();
    String response = exchange("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(response.split("HTTP/1.1 ", -1)).as("one response, then the connection closes").hasSize(2);
  }

  @Test
  void aRequestPipelinedBehindARelayedOneNeverReachesTheServerBehind() throws Exception {
    start();
    // Helidon sees relayed requests as loopback ones: a second request on the connection would
    // skip the listener's own checks (here: the inspection API is loopback-only unless public)
    String response = exchange("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "GET /_cablekit/sessions HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(response.split("HTTP/1.1 ", -1)).as("only the first request was answered").hasSize(2);
  }

  @Test
  void aRelayedRequestBodyIsPassedOnByContentLengthAndChunkedBodiesAreRefused() throws Exception {
    start();
    String body = "{\"stream\":\"s\",\"data\":\"1\"}";
    String broadcast = "POST /_broadcast HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    h.close();
    h = Harness.start(b -> b.transport("nio").headTimeout(Duration.ofMillis(300)).broadcastKey("k"));
    assertThat(exchange(broadcast + "Authorization: Bearer k\r\nContent-Length: " + body.length() + "\r\n\r\n" + body))
        .startsWith("HTTP/1.1 201 ");
    assertThat(exchange(broadcast + "Authorization: Bearer k\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")).startsWith("HTTP/1.1 411 ");
    assertThat(exchange(broadcast + "Content-Length: nope\r\n\r\n")).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void anUpgradeOnAnotherPathIsAnOrdinaryRequest() throws Exception {
    start();
    String response = exchange("GET /elsewhere HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void aRefusedUpgradeGetsItsStatus() throws Exception {
    start();
    String response = exchange("GET /cable HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ").contains("Invalid Sec-WebSocket-Key header");
  }
}
