package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.client.WebSocketClient;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.MalformedFrameException;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the frame decoder and the read loop with seeded random input: nothing may crash the
 * server, disturb a well-behaved client, or leak a session. The seed is in every failure message.
 */
class FrameFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261129L);
  static final String CHAT = "{\"channel\":\"Chat\"}";
  static final String[] VALID = {
    "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\"}",
    "{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\",\"data\":\"{\\\"action\\\":\\\"speak\\\"}\"}",
    "{\"command\":\"unsubscribe\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\"}",
    "{\"command\":\"ping\"}",
  };

  @Test
  void decoderOnlyEverReportsMalformedFrames() {
    Random random = new Random(SEED);
    for (int i = 0; i < 50_000; i++) {
      String input = mutate(random, VALID[random.nextInt(VALID.length)]);
      try {
        ClientCommands.decode(input);
      } catch (MalformedFrameException expected) {
        // the only failure the decoder may report
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + SEED + ", input " + i + ": " + input, e);
      }
    }
  }

  @Test
  void randomInputNeverDisturbsOtherClientsOrLeaksSessions() throws Exception {
    try (Harness h = Harness.start(b -> b.maxMessageSize(4096).closeTimeout(Duration.ofMillis(300)))) {
      h.rpc.onCommand(c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).addStreams("all").addTransmissions(confirm(c.command().getIdentifier())).build());
      TestClient bystander = h.connectWelcomed();
      bystander.subscribe(CHAT);
      bystander.receive();
      Random seeds = new Random(SEED);
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<?>> attacks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long seed = seeds.nextLong();
        attacks.add(pool.submit(() -> attack(h, seed)));
      }
      for (int i = 0; i < attacks.size(); i++) {
        attacks.get(i).get();
        if (i % 40 == 0) {
          h.server.broadcast("all", "\"still fine " + i + "\"");
          assertThat(bystander.receive().path("message").asText()).as("seed %d", SEED).isEqualTo("still fine " + i);
        }
      }
      pool.shutdown();
      h.server.journal().awaitCount(JournalEvent.SessionClosed.class, e -> true, 200, Duration.ofSeconds(20));
      assertThat(h.server.sessions()).as("only the bystander is left (seed %d)", SEED).hasSize(1);
      var health = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.server.port() + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  private static void attack(Harness h, long seed) {
    Random random = new Random(seed);
    try (WebSocketClient ws = WebSocketClient.connect(h.server.url(), java.util.Map.of(), List.of("actioncable-v1-json"), Duration.ofSeconds(5))) {
      int steps = 1 + random.nextInt(5);
      for (int s = 0; s < steps; s++) {
        switch (random.nextInt(6)) {
          case 0 -> ws.sendText(mutate(random, VALID[random.nextInt(VALID.length)]));
          case 1 -> ws.sendBinary(randomBytes(random, random.nextInt(64)));
          case 2 -> ws.writeRaw(randomBytes(random, 1 + random.nextInt(32)));
          case 3 -> ws.sendFrame(random.nextInt(16), random.nextBoolean(), randomBytes(random, random.nextInt(200)));
          case 4 -> ws.sendText(VALID[random.nextInt(VALID.length)]);
          default -> ws.sendText("x".repeat(random.nextInt(6000)));
        }
      }
    } catch (Exception e) {
      // the server may close the connection mid-attack; that is allowed
    }
  }

  static String mutate(Random random, String valid) {
    StringBuilder s = new StringBuilder(valid);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(6)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, "{}[]\",:\\0tn1-e.\u0000\uD83D\uDE00".charAt(random.nextInt(18)));
        case 2 -> s.setLength(at);
        case 3 -> s.replace(at, Math.min(s.length(), at + 3), "null");
        case 4 -> s.insert(at, "[".repeat(random.nextInt(2000)));
        default -> s.setCharAt(at, (char) random.nextInt(0x3000));
      }
    }
    return s.toString();
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @SuppressWarnings("unused")
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
