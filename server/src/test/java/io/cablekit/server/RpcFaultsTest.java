package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 2.8 and the fault list: the server stays healthy and leaks nothing. */
class RpcFaultsTest {
  static final String CHAT = "{\"channel\":\"Chat\"}";
  static final Duration T = Duration.ofSeconds(5);

  @Test
  void commandSlowerThanTheDeadlineSendsNothingAndTheConnectionKeepsWorking() throws Exception {
    try (Harness h = Harness.start(b -> b.rpcCommandTimeout(Duration.ofMillis(300)))) {
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      h.rpc.onCommand(c -> {
        if (calls.incrementAndGet() == 1) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(confirm(c.command().getIdentifier())).build();
      });
      TestClient client = h.connectWelcomed();
      client.subscribe(CHAT);
      var timedOut = h.server.journal().await(JournalEvent.RpcReply.class, r -> "ERROR".equals(r.status()), T);
      assertThat(timedOut.errorMsg()).contains("DEADLINE_EXCEEDED");
      release.countDown();
      client.subscribe(CHAT);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
      assertThat(h.server.metrics().get("rpc_timeout_total")).isEqualTo(1L);
    }
  }

  @Test
  void resourceExhaustedIsRetriedWithBackoffUntilItSucceeds() throws Exception {
    try (Harness h = Harness.start()) {
      AtomicInteger calls = new AtomicInteger();
      h.rpc.onCommand(c -> {
        if (calls.incrementAndGet() <= 2) {
          throw io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("no threads left").asRuntimeException();
        }
        return CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(confirm(c.command().getIdentifier())).build();
      });
      TestClient client = h.connectWelcomed();
      client.subscribe(CHAT);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
      assertThat(calls.get()).isEqualTo(3);
      assertThat(h.server.metrics().get("rpc_retries_total")).isEqualTo(2L);
    }
  }

  @Test
  void otherGrpcErrorsAreNotRetried() throws Exception {
    try (Harness h = Harness.start()) {
      AtomicInteger calls = new AtomicInteger();
      h.rpc.onCommand(c -> {
        calls.incrementAndGet();
        throw io.grpc.Status.INTERNAL.withDescription("boom").asRuntimeException();
      });
      TestClient client = h.connectWelcomed();
      client.subscribe(CHAT);
      h.server.journal().await(JournalEvent.RpcReply.class, r -> "ERROR".equals(r.status()), T);
      assertThat(calls.get()).isEqualTo(1);
      assertThat(h.server.metrics().get("rpc_error_total")).isEqualTo(1L);
    }
  }

  @Test
  void rpcServerRestartingMidRunIsSurvivedWithoutLeaks() throws Exception {
    try (Harness h = Harness.start(b -> b.rpcCommandTimeout(Duration.ofMillis(1500)))) {
      h.rpc.onCommand(c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(confirm(c.command().getIdentifier())).build());
      TestClient client = h.connectWelcomed();
      h.rpc.stop();
      client.subscribe(CHAT);
      h.server.journal().await(JournalEvent.RpcReply.class, r -> "ERROR".equals(r.status()), T);
      TestClient refused = h.connect();
      assertThat(refused.awaitClosed().code()).isEqualTo(1011);
      h.rpc.restart();
      client.subscribe(CHAT);
      assertThat(client.receive().path("type").asText()).isEqualTo("confirm_subscription");
      TestClient fresh = h.connectWelcomed();
      fresh.close();
      h.rpc.take("Disconnect", T);
      h.server.journal().awaitCount(JournalEvent.SessionClosed.class, e -> true, 2, T);
      assertThat(h.server.sessions()).hasSize(1);
      assertThat(h.server.metrics().get("clients_num")).isEqualTo(1L);
    }
  }

  @Test
  void concurrencyLimitCapsCallsInFlight() throws Exception {
    try (Harness h = Harness.start(b -> b.rpcConcurrency(2).rpcCommandTimeout(Duration.ofSeconds(30)))) {
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger max = new AtomicInteger();
      CountDownLatch gate = new CountDownLatch(1);
      h.rpc.onCommand(c -> {
        max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        return CommandResponse.newBuilder().setStatus(Status.SUCCESS).addTransmissions(confirm(c.command().getIdentifier())).build();
      });
      TestClient[] clients = new TestClient[5];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = h.connectWelcomed();
      }
      for (TestClient c : clients) {
        c.subscribe(CHAT);
      }
      h.rpc.take("Command", T);
      h.rpc.take("Command", T);
      assertThat(h.rpc.poll(Duration.ofMillis(300))).isNull();
      assertThat(h.server.metrics().get("rpc_pending_num")).isEqualTo(3L);
      gate.countDown();
      for (TestClient c : clients) {
        assertThat(c.receive().path("type").asText()).isEqualTo("confirm_subscription");
      }
      assertThat(max.get()).isEqualTo(2);
    }
  }

  @Test
  void errorStatusFromTheTestServerIsAStatusRuntimeException() {
    assertThat(io.grpc.Status.UNAVAILABLE.asRuntimeException()).isInstanceOf(StatusRuntimeException.class);
  }
}
