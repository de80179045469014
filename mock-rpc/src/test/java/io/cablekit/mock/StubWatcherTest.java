package io.cablekit.mock;

import static io.cablekit.mock.Replies.confirm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.mock.StubFileException.Problem;
import io.cablekit.server.CableConfig;
import io.cablekit.server.CableServer;
import io.cablekit.server.support.TestClient;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edited stub files take effect in a running mock; broken edits leave the previous stubs active. */
class StubWatcherTest {
  static final String ACCEPT = "- {id: accept, match: {on: connect}, reply: {accept: true}}\n";
  static final String REJECT = "- {id: reject, match: {on: connect}, reply: {reject: true}}\n";

  @TempDir Path dir;
  MockRpc rpc;
  StubWatcher watcher;
  final BlockingQueue<StubWatcher.Reload> reloads = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    rpc = MockRpc.start();
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    rpc.close();
  }

  StubWatcher.Reload nextReload() throws InterruptedException {
    StubWatcher.Reload reload = reloads.poll(10, TimeUnit.SECONDS);
    assertThat(reload).as("a reload within 10 s").isNotNull();
    return reload;
  }

  @Test
  void anEditedFileAnswersTheNextConnection() throws Exception {
    Path file = Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    rpc.replaceStubs(StubFiles.load(dir));
    watcher = StubWatcher.watch(rpc, dir, reloads::add);
    try (CableServer server = CableServer.start(
        CableConfig.builder().host("127.0.0.1").port(0).httpBroadcastPort(0).rpcHost(rpc.target()).build())) {
      try (TestClient client = TestClient.connect(server.url())) {
        assertThat(client.receive().path("type").asText()).isEqualTo("welcome");
      }
      Files.writeString(file, REJECT);
      StubWatcher.Reload reload = nextReload();
      assertThat(reload.ok()).isTrue();
      assertThat(reload.stubs()).extracting(Stub::id).containsExactly("reject");
      assertThat(rpc.stubs()).extracting(Stub::id).containsExactly("reject");
      try (TestClient client = TestClient.connect(server.url())) {
        assertThat(client.receive().path("type").asText()).isEqualTo("disconnect");
      }
    }
  }

  @Test
  void aBrokenEditIsReportedAndThePreviousStubsStayActive() throws Exception {
    Path file = Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    rpc.replaceStubs(StubFiles.load(dir));
    watcher = StubWatcher.watch(rpc, dir, reloads::add);
    Files.writeString(file, "- {match: {on: conect}, reply: {acept: true}}\n");
    StubWatcher.Reload broken = nextReload();
    assertThat(broken.problems()).containsExactly(
        new Problem(file.toString(), 1, "stub 1: match.on: unknown call kind \"conect\"; did you mean \"connect\"?"),
        new Problem(file.toString(), 1, "stub 1: reply: unknown key \"acept\"; did you mean \"accept\"?"));
    assertThat(rpc.stubs()).extracting(Stub::id).containsExactly("accept");

    Files.writeString(file, REJECT);
    assertThat(nextReload().ok()).isTrue();
    assertThat(rpc.stubs()).extracting(Stub::id).containsExactly("reject");
  }

  @Test
  void keepsStubsThatDidNotComeFromTheWatchedFilesInPlace() throws Exception {
    Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    rpc.replaceStubs(StubFiles.load(dir));
    rpc.onSubscribe("ChatChannel").reply(confirm());
    watcher = StubWatcher.watch(rpc, dir, reloads::add);
    Files.writeString(dir.resolve("connect.yml"), REJECT + "- {id: bye, match: {on: disconnect}, reply: {}}\n");
    assertThat(nextReload().ok()).isTrue();
    assertThat(rpc.stubs()).extracting(Stub::id).startsWith("reject", "bye").hasSize(3);
    assertThat(rpc.stubs().get(2).source()).isEqualTo("dsl");
  }

  @Test
  void picksUpFilesInNewSubdirectories() throws Exception {
    Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    watcher = StubWatcher.watch(rpc, dir, reloads::add);
    Path sub = Files.createDirectories(dir.resolve("chat/rooms"));
    Files.writeString(sub.resolve("rooms.json"), "[{\"id\": \"rooms\", \"match\": {\"on\": \"subscribe\"}, \"reply\": {}}]");
    StubWatcher.Reload reload = nextReload();
    while (reload.stubs().size() < 2) {
      reload = nextReload(); // the directory may be seen before its file is written
    }
    // path order: chat/rooms/rooms.json comes before connect.yml
    assertThat(rpc.stubs()).extracting(Stub::id).containsExactly("rooms", "accept");
  }

  @Test
  void aBurstOfWritesGivesOneReload() throws Exception {
    Path file = Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    watcher = StubWatcher.watch(rpc, file, reloads::add);
    for (int i = 0; i < 5; i++) {
      Files.writeString(file, "- {id: v" + i + ", match: {on: connect}, reply: {accept: true}}\n");
    }
    assertThat(nextReload().stubs()).extracting(Stub::id).containsExactly("v4");
    assertThat(reloads.poll(1, TimeUnit.SECONDS)).as("a second reload").isNull();
  }

  @Test
  void ignoresOtherFilesBesideAWatchedFileAndStopsWhenClosed() throws Exception {
    Path file = Files.writeString(dir.resolve("connect.yml"), ACCEPT);
    watcher = StubWatcher.watch(rpc, file, reloads::add);
    Files.writeString(dir.resolve("other.yml"), REJECT);
    Files.writeString(file, REJECT);
    assertThat(nextReload().stubs()).extracting(Stub::id).containsExactly("reject");
    watcher.close();
    Files.writeString(file, ACCEPT);
    assertThat(reloads.poll(Duration.ofMillis(800).toMillis(), TimeUnit.MILLISECONDS)).as("a reload after close").isNull();
    assertThat(rpc.stubs()).extracting(Stub::id).containsExactly("reject");
  }

  @Test
  void refusesAPathThatDoesNotExist() {
    assertThatThrownBy(() -> StubWatcher.watch(rpc, dir.resolve("nope")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot watch " + dir.resolve("nope") + ": " + dir.resolve("nope"));
  }
}
