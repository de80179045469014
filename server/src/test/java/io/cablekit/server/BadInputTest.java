package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PROTOCOL.md 3.4 and the README's "Bad input" choices: a malformed frame closes only the
 * offending connection (1007), never triggers a Command RPC, and never disturbs other clients.
 */
class BadInputTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\"}";
  static final Duration T = Duration.ofSeconds(3);
  Harness h;

  @BeforeEach
  void start() {
    h = Harness.start(b -> b.maxMessageSize(1024));
    h.rpc.onCommand(
        c ->
            CommandResponse.newBuilder()
                .setStatus(Status.SUCCESS)
                .addStreams("all")
                .addTransmissions(confirm(c.command().getIdentifier()))
                .build());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"command\":\"subscribe\",",
        "[1,2,3]",
        "\"just a string\"",
        "42",
        "{\"command\":\"subscribe\",\"identifier\":{\"channel\":\"ChatChannel\"}}",
        "{\"command\":7}",
        "{\"command\":\"message\",\"identifier\":123,\"data\":\"{}\"}"
      })
  void malformedFramesCloseTheConnectionWith1007WithoutCommandRpc(String frame) throws Exception {
    TestClient bystander = subscribedClient();
    TestClient bad = h.connectWelcomed();
    bad.send(frame);
    WsEvent.Closed closed = bad.awaitClosed();
    assertThat(closed.code()).isEqualTo(1007);
    assertThat(closed.reason()).isEqualTo("Malformed message");
    h.server.broadcast("all", "\"still here\"");
    assertThat(bystander.receive().path("message").asText()).isEqualTo("still here");
    assertThat(h.rpc.history("Command")).hasSize(1);
    assertThat(h.rpc.take("Disconnect", T).sid()).isNotEqualTo(null);
  }

  @Test
  void unknownCommandIsIgnoredAndTheConnectionStaysOpen() {
    TestClient client = h.connectWelcomed();
    client.send("{\"command\":\"dance\",\"identifier\":\"x\"}");
    client.send("{\"identifier\":\"x\"}");
    client.send("{\"command\":\"ping\"}");
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
    assertThat(h.rpc.history("Command")).isEmpty();
  }

  @Test
  void oversizeMessageClosesWith1009AndOthersAreUnaffected() {
    TestClient bystander = subscribedClient();
    TestClient big = h.connectWelcomed();
    big.send("{\"command\":\"message\",\"identifier\":\"x\",\"data\":\"" + "a".repeat(2000) + "\"}");
    WsEvent.Closed closed = big.awaitClosed();
    assertThat(closed.code()).isEqualTo(1009);
    h.server.broadcast("all", "\"ok\"");
    assertThat(bystander.receive().path("message").asText()).isEqualTo("ok");
  }

  @Test
  void oversizeMessageSplitAcrossFragmentsIsAlsoRefused() throws Exception {
    TestClient big = h.connectWelcomed();
    byte[] part = "a".repeat(600).getBytes(StandardCharsets.UTF_8);
    big.ws().sendFrame(WebSocketClient.TEXT, false, part);
    big.ws().sendFrame(WebSocketClient.CONTINUATION, true, part);
    assertThat(big.awaitClosed().code()).isEqualTo(1009);
  }

  @Test
  void fragmentedMessageWithinTheLimitIsReassembled() throws Exception {
    TestClient client = h.connectWelcomed();
    String subscribe = "{\"command\":\"subscribe\",\"identifier\":" + Json.quote(CHAT) + "}";
    byte[] bytes = subscribe.getBytes(StandardCharsets.UTF_8);
    int cut = bytes.length / 2;
    client.ws().sendFrame(WebSocketClient.TEXT, false, java.util.Arrays.copyOfRange(bytes, 0, cut));
    client.ws().sendFrame(WebSocketClient.CONTINUATION, true, java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
  }

  @Test
  void binaryFrameWithJsonIsHandledLikeTextAsAnycableGoDoes() throws Exception {
    TestClient client = h.connectWelcomed();
    client.ws().sendBinary("{\"command\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(client.receive().path("type").asText()).isEqualTo("pong");
  }

  @Test
  void binaryFrameWithGarbageClosesLikeMalformedJson() throws Exception {
    TestClient client = h.connectWelcomed();
    client.ws().sendBinary(new byte[] {0, 1, 2, (byte) 0xff});
    assertThat(client.awaitClosed().code()).isEqualTo(1007);
  }

  @Test
  void unmaskedClientFrameIsAProtocolError() throws Exception {
    TestClient client = h.connectWelcomed();
    byte[] payload = "{\"command\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[2 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    client.ws().writeRaw(frame);
    assertThat(client.awaitClosed().code()).isEqualTo(1002);
  }

  @Test
  void unexpectedContinuationFrameIsAProtocolError() throws Exception {
    TestClient client = h.connectWelcomed();
    client.ws().sendFrame(WebSocketClient.CONTINUATION, true, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(client.awaitClosed().code()).isEqualTo(1002);
  }

  @Test
  void garbageBytesInsteadOfAFrameCloseOnlyThatConnection() throws Exception {
    TestClient bystander = subscribedClient();
    TestClient client = h.connectWelcomed();
    client.ws().writeRaw(new byte[] {(byte) 0xf3, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    WsEvent.Closed closed = client.awaitClosed();
    assertThat(closed.code()).isIn(1002, 1006, 1009);
    h.server.broadcast("all", "\"fine\"");
    assertThat(bystander.receive().path("message").asText()).isEqualTo("fine");
  }

  @Test
  void invalidUtf8TextClosesWith1007() throws Exception {
    TestClient client = h.connectWelcomed();
    client.ws().sendFrame(WebSocketClient.TEXT, true, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'});
    assertThat(client.awaitClosed().code()).isEqualTo(1007);
  }

  @Test
  void clientPingControlFrameIsAnsweredWithPong() throws Exception {
    TestClient client = h.connectWelcomed();
    client.ws().sendPing(new byte[] {1, 2, 3});
    long deadline = System.nanoTime() + T.toNanos();
    while (System.nanoTime() < deadline) {
      WsEvent e = client.ws().next(T);
      if (e instanceof WsEvent.Pong p) {
        assertThat(p.payload()).containsExactly(1, 2, 3);
        return;
      }
    }
    throw new AssertionError("no pong frame");
  }

  private TestClient subscribedClient() {
    TestClient client = h.connectWelcomed();
    client.subscribe(CHAT);
    assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
    return client;
  }
}
