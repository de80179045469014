package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.SilentSocket;
import io.cablekit.server.support.TestClient;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 3.5: a client that does not read is disconnected without hurting the others. */
class SlowClientTest {
  static final String CHAT = "{\"channel\":\"Chat\"}";

  @Test
  void clientThatStopsReadingIsDisconnectedAsTooSlowAndOthersKeepReceiving() throws Exception {
    try (Harness h = Harness.start(b -> b.maxPendingSize(64 * 1024).pingInterval(Duration.ofMillis(200)).closeTimeout(Duration.ofMillis(500)))) {
      h.rpc.onCommand(
          c ->
              CommandResponse.newBuilder()
                  .setStatus(Status.SUCCESS)
                  .addStreams("firehose")
                  .addTransmissions(confirm(c.command().getIdentifier()))
                  .build());
      TestClient healthy = h.connectWelcomed();
      healthy.subscribe(CHAT);
      healthy.receive();
      var received = new java.util.concurrent.LinkedBlockingQueue<String>();
      healthy.ws().onEvent(e -> {
        // pings must not count: each would let the firehose run one message further ahead
        if (e instanceof io.cablekit.client.WsEvent.Text t && !t.text().contains("\"type\":\"ping\"")) {
          received.add(t.text());
        }
      });
      try (SilentSocket silent = SilentSocket.open(h.server.url())) {
        subscribeBlind(silent);
        h.server.journal().awaitCount(JournalEvent.RpcReply.class, r -> "subscribe".equals(r.command()), 2, Duration.ofSeconds(3));
        String payload = "\"" + "x".repeat(2000) + "\"";
        String slowSid = h.server.journal().events(JournalEvent.SessionOpened.class).get(1).sid();
        for (int i = 0; i < 20_000 && h.server.session(slowSid).isPresent(); i++) {
          h.server.broadcast("firehose", payload);
          // pace the firehose by the healthy client so only the silent one falls behind
          assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        }
        var closed =
            h.server.journal().await(JournalEvent.SessionClosed.class, e -> e.sid().equals(slowSid), Duration.ofSeconds(10));
        assertThat(closed).isNotNull();
        assertThat(closed.reason()).isIn("Too slow", "Write timeout");
        assertThat(h.rpc.take("Disconnect", Duration.ofSeconds(5)).sid()).isEqualTo(slowSid);
        h.server.broadcast("firehose", "\"after\"");
        String last;
        do {
          last = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(last).as("the healthy client keeps receiving").isNotNull();
        } while (!last.contains("\"after\""));
        assertThat(healthy.ws().isClosed()).isFalse();
      }
    }
  }

  private static void subscribeBlind(SilentSocket socket) throws Exception {
    var field = SilentSocket.class.getDeclaredField("socket");
    field.setAccessible(true);
    OutputStream out = ((java.net.Socket) field.get(socket)).getOutputStream();
    byte[] payload =
        ("{\"command\":\"subscribe\",\"identifier\":" + Json.quote(CHAT) + "}").getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    out.write(frame);
    out.flush();
  }
}
