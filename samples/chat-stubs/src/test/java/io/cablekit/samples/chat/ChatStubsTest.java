package io.cablekit.samples.chat;

import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import io.cablekit.mock.StubFileException;
import io.cablekit.mock.StubFiles;
import io.cablekit.testkit.Cable;
import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.CableTest;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat of stubs/chat.yml, served by the mock RPC behind a real CableServer. */
@CableTest
class ChatStubsTest {
  static final Path STUBS = Path.of("stubs");
  static final Duration WAIT = Duration.ofSeconds(2);

  @Cable TestCable cable;

  @BeforeEach
  void loadChatStubs() throws StubFileException {
    cable.rpc().replaceStubs(StubFiles.load(STUBS));
  }

  @Test
  void usersInOneRoomHearEachOther() {
    Subscription alice = cable.connect(user("alice")).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();
    Subscription bob = cable.connect(user("bob")).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();

    alice.perform("speak", Map.of("text", "hi bob"));

    assertThat(bob).receivesBroadcast(json(Map.of("text", "hi bob", "from", "alice"))).within(WAIT);
    assertThat(alice).receivesBroadcast(json(Map.of("text", "hi bob", "from", "alice"))).within(WAIT);
  }

  @Test
  void connectionIsIdentifiedByTheUidCookieAndRoomsStreamFromChatRoom() {
    CableClient alice = cable.connect(user("alice"));
    Subscription room = alice.subscribe("ChatChannel", Map.of("room", "42"));

    assertThat(alice).hasIdentifiers(Map.of("user", "alice"));
    assertThat(room).isConfirmed().hasStreams("chat_42").hasIstate("room", "42");
  }

  @Test
  void connectionWithoutUidCookieIsRejected() {
    CableClient anonymous = cable.clients().connecting(ConnectOptions.defaults());

    assertThat(anonymous).isRejectedWith("unauthorized");
  }

  @Test
  void typingIsTransmittedToTheTypistOnly() {
    Subscription alice = cable.connect(user("alice")).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();
    Subscription bob = cable.connect(user("bob")).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();

    alice.perform("typing");

    assertThat(alice).receivesTransmission(json(Map.of("typing", true, "from", "alice"))).within(WAIT);
    assertThat(bob).receivesNothing().during(Duration.ofMillis(200));
  }

  @Test
  void whispersOfTheExtendedProtocolReachTheRoomButNotTheWhisperer() {
    ConnectOptions ext = ConnectOptions.defaults().protocols("actioncable-v1-ext-json");
    Subscription alice = cable.connect(user("alice", ext)).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();
    Subscription bob = cable.connect(user("bob", ext)).subscribe("ChatChannel", Map.of("room", "42")).awaitConfirmed();

    alice.whisper(Map.of("typing", "alice"));

    assertThat(bob).receivesBroadcast(json(Map.of("typing", "alice"))).within(WAIT);
    assertThat(alice).receivesNothing().during(Duration.ofMillis(200));
  }

  @Test
  void adminChannelRejectsEveryoneButTheAdmin() {
    Subscription bob = cable.connect(user("bob")).subscribe("AdminChannel");
    Subscription admin = cable.connect(user("admin")).subscribe("AdminChannel");

    assertThat(bob).isRejected().hasNoStreams();
    assertThat(admin).isConfirmed().hasStream("admin");
  }

  private static ConnectOptions user(String uid) {
    return user(uid, ConnectOptions.defaults());
  }

  private static ConnectOptions user(String uid, ConnectOptions options) {
    return options.cookie("uid", uid);
  }
}
