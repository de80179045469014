package io.cablekit.server.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.internal.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisconnectQueueTest {
  final Logger logger = Logger.getLogger(DisconnectQueue.class.getName());
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** A Disconnect handler that blocks until released, so the queue stays full. */
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch firstCall = new CountDownLatch(1);

  final RpcTransport stuck =
      new RpcTransport() {
        @Override
        public Message call(RpcMethod method, Message request, String sid, Duration timeout) {
          firstCall.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build();
        }

        @Override
        public String describe() {
          return "stuck";
        }

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    logger.removeHandler(capture);
    release.countDown();
  }

  @Test
  void sessionsInterruptedWhileTheQueueIsFullAreCountedAndReportedOnce() throws Exception {
    Metrics metrics = new Metrics();
    RpcClient rpc = new RpcClient(stuck, 4, Duration.ofSeconds(5), Duration.ofSeconds(5), metrics);
    DisconnectQueue queue = new DisconnectQueue(rpc, 1000, 1, metrics);
    queue.enqueue("first", DisconnectRequest.getDefaultInstance()); // taken by the worker, stuck
    assertThat(firstCall.await(5, TimeUnit.SECONDS)).isTrue();
    queue.enqueue("second", DisconnectRequest.getDefaultInstance()); // fills the backlog of 1

    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String sid = "waiting-" + i;
      waiting.add(Thread.ofVirtual().start(() -> queue.enqueue(sid, DisconnectRequest.getDefaultInstance())));
    }
    for (Thread t : waiting) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.onSpinWait(); // each one blocks in put(): the queue is full
      }
      t.interrupt();
    }
    for (Thread t : waiting) {
      assertThat(t.join(Duration.ofSeconds(5))).isTrue();
    }

    assertThat(queue.dropped()).isEqualTo(20);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);

    queue.close();
    assertThat(logged).hasSize(2);
    assertThat(logged.get(1).getParameters()).containsExactly(21); // the 20 dropped and "second"
  }
}
