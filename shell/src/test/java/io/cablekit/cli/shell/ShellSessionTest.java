package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.Replies;
import io.cablekit.server.JournalEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine against a real CableServer and mock RPC: sockets, channels, broadcasts, expect. */
class ShellSessionTest {
  private final CableFixture cable = new CableFixture();
  private final ShellHarness shell = new ShellHarness(cable.url());

  @AfterEach
  void close() {
    shell.close();
    cable.close();
  }

  @Test
  void twoSocketsHearABroadcastUntilOneUnsubscribes() throws Exception {
    shell.run("connect --as alice").await("alice welcome sid=");
    shell.run("subscribe ChatChannel {\"room\": \"1\"}").await("alice ChatChannel room=1 subscribed");
    shell.run("connect --as bob").await("bob welcome sid=");
    shell.run("subscribe ChatChannel room:1").await("bob ChatChannel room=1 subscribed");
    shell.run("perform speak {\"text\": \"hi\"}");
    shell.await("alice ChatChannel room=1 {\"text\":\"hi\",\"action\":\"speak\"}");
    shell.await("bob ChatChannel room=1 {\"text\":\"hi\",\"action\":\"speak\"}");
    shell.run("expect {\"text\":\"hi\"}").run("expect {\"text\":\"hi\"} --socket alice");

    shell.run("unsubscribe").await("bob unsubscribed from ChatChannel room=1");
    // Action Cable does not acknowledge an unsubscribe: wait until the server applied it
    String bob = shell.shell.sockets().get("bob").sid();
    cable.server.journal().await(JournalEvent.RpcReply.class,
        r -> r.sid().equals(bob) && "unsubscribe".equals(r.command()), ShellHarness.WAIT);
    shell.run("broadcast ChatChannel:room=1 {\"text\": \"after\"}");
    shell.await("alice ChatChannel room=1 {\"text\":\"after\"}");
    shell.run("expect {\"text\":\"after\"} --socket alice");
    assertThat(shell.fails("expect {\"text\":\"after\"} --within 300ms")).isEqualTo("""
        expect failed on bob: no message matching
          {"text":"after"}
        within 300ms. Nothing arrived instead since the last met expect.""");
  }

  @Test
  void failedExpectShowsWhatArrivedInstead() throws Exception {
    shell.run("connect").run("subscribe ChatChannel room:1").run("perform speak text:hello");
    String message = shell.fails("expect {\"text\":\"bye\"} --within 500ms");
    assertThat(message).isEqualTo("expect failed on s1: no message matching\n"
        + "  {\"text\":\"bye\"}\n"
        + "within 500ms. Arrived instead:\n"
        + "  ChatChannel room=1 {\"text\":\"hello\",\"action\":\"speak\"}   <- text: expected \"bye\" but was \"hello\"");
  }

  @Test
  void expectMatchesWholeFramesAndLimitsToASubscription() throws Exception {
    shell.run("connect").run("expect {\"type\":\"welcome\",\"sid\":{\"$any\":true}}");
    shell.run("subscribe ChatChannel room:1").run("subscribe ChatChannel room:2");
    shell.run("perform #1 speak text:one").run("perform speak text:two");
    shell.run("expect {\"text\":\"two\"} --on #2");
    assertThat(shell.fails("expect {\"text\":\"one\"} --on #2 --within 200ms")).startsWith("""
        expect failed on s1: no message matching
          {"text":"one"}
        on ChatChannel room=2
        within 200ms.""");
  }

  @Test
  void droppedConnectionShowsTheDisconnectReason() throws Exception {
    shell.run("connect --as alice").await("alice welcome");
    String sid = shell.shell.sockets().get("alice").sid();
    String identifiers = cable.server.session(sid).orElseThrow().identifiers();
    cable.server.disconnect(identifiers, false);
    shell.await("alice disconnect: reason \"remote\", reconnect false");
    shell.await("alice disconnected by the server: reason \"remote\", reconnect false (close code 1000");
    assertThat(shell.fails("subscribe ChatChannel")).startsWith("alice is closed (disconnected by the server: reason \"remote\"");
  }

  @Test
  void rejectedConnectionShowsWhy() throws Exception {
    cable.mock.onConnect().reply(Replies.reject());
    shell.run("connect");
    shell.await("s1 disconnect: reason \"unauthorized\", reconnect false");
    shell.await("s1 disconnected by the server: reason \"unauthorized\"");
    shell.run("sockets").await("s1  " + cable.url() + "  disconnected by the server");
  }

  @Test
  void stateShowsWhatTheServerHolds() throws Exception {
    shell.run("stub " + resource("chat-stubs.yml")).await("loaded 3 stubs into the mock");
    shell.run("connect").run("subscribe ChatChannel room:7").run("state");
    shell.await("ChatChannel room=7  streams [\"chat_7\"]  istate {\"room\":\"7\"}");
  }

  @Test
  void stubsAndJournalShowTheMock() throws Exception {
    shell.run("connect").run("stubs").await("no stubs loaded: the mock is permissive");
    shell.run("stub " + resource("chat-stubs.yml")).run("stubs");
    shell.await("chat-speak  {\"on\":\"perform\",\"channel\":\"ChatChannel\",\"action\":\"speak\"}");
    shell.run("subscribe ChatChannel room:3").run("perform speak text:yo");
    shell.run("expect {\"text\":\"yo\",\"from\":{\"$any\":true}}");
    shell.run("journal --limit 2");
    shell.await("perform ChatChannel {\"room\":\"3\"}#speak data {\"text\":\"yo\",\"action\":\"speak\"}");
    shell.await("-> SUCCESS  (stub chat-speak)  broadcasts [\"chat_3\"]");
  }

  @Test
  void brokenStubFileLoadsNothingAndSaysWhere() throws Exception {
    shell.run("connect");
    assertThat(shell.fails("stub " + resource("broken-stubs.yml")))
        .startsWith("stub: nothing loaded, " + resource("broken-stubs.yml") + " has problems:")
        .contains("broken-stubs.yml:4");
  }

  @Test
  void whisperAndHistoryNeedTheExtendedProtocol() throws Exception {
    shell.run("connect").run("subscribe ChatChannel room:1");
    assertThat(shell.fails("whisper {\"typing\":true}")).isEqualTo("whisper needs the extended protocol actioncable-v1-ext-json,"
        + " but s1 negotiated actioncable-v1-json; connect with --protocol actioncable-v1-ext-json to a server that speaks it");
  }

  @Test
  void historyReplaysWhatTheServersBrokerKeptThroughTheExtendedProtocol() throws Exception {
    shell.run("connect --as ext --protocol actioncable-v1-ext-json").await("sub-protocol: actioncable-v1-ext-json");
    shell.run("subscribe ChatChannel room:1").run("perform speak text:first");
    shell.await("ext ChatChannel room=1 {\"text\":\"first\",\"action\":\"speak\"}  (stream ChatChannel:room=1, epoch ");
    shell.run("history --offset 0");
    shell.await("ext ChatChannel room=1 history confirmed");
    // the live message, then the same message replayed from the broker
    shell.await("ext ChatChannel room=1 {\"text\":\"first\",\"action\":\"speak\"}  (stream ChatChannel:room=1, epoch ", 2);
  }

  @Test
  void subscriptionsCanBeAddressedByNumberChannelOrIdentifier() throws Exception {
    shell.run("connect").run("subscribe ChatChannel room:1").run("subscribe NewsChannel");
    shell.run("subscriptions").await("  #1  ChatChannel room=1  confirmed  {\"channel\":\"ChatChannel\",\"room\":\"1\"}");
    shell.await("* #2  NewsChannel  confirmed  {\"channel\":\"NewsChannel\"}");
    shell.run("perform ChatChannel speak text:a").run("expect {\"text\":\"a\"} --on #1");
    shell.run("perform {\"channel\":\"ChatChannel\",\"room\":\"1\"} speak text:b").run("expect {\"text\":\"b\"}");
    shell.run("subscribe ChatChannel room:2");
    assertThat(shell.fails("perform ChatChannel speak")).isEqualTo("""
        ChatChannel is ambiguous on s1: give #n or the identifier; its subscriptions:
          #1 {"channel":"ChatChannel","room":"1"}
          #2 {"channel":"NewsChannel"}
          #3 {"channel":"ChatChannel","room":"2"}""");
  }

  static String resource(String name) {
    return Path.of("src/test/resources/shell", name).toAbsolutePath().toString();
  }
}
