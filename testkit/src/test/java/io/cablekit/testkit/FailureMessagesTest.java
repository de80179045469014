package io.cablekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.jupiter.api.Test;

/** Pins the failure messages of {@link FailingExamples}: they show what did arrive and why it differs. */
class FailureMessagesTest {
  private static String failureOf(String method) {
    List<Event> failed =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectMethod(FailingExamples.class, method, TestCable.class.getName()))
            .execute()
            .testEvents()
            .failed()
            .list();
    assertThat(failed).as("%s fails", method).hasSize(1);
    TestExecutionResult result = failed.get(0).getRequiredPayload(TestExecutionResult.class);
    return result.getThrowable().orElseThrow().getMessage().replaceAll("\"[A-Za-z0-9_-]{21}\"", "\"<sid>\"");
  }

  @Test
  void missingMessageShowsTheClosestMessagesAndWhyEachDiffers() {
    assertThat(failureOf("messageThatNeverArrives"))
        .isEqualTo(
            "Expecting a message on subscription:\n"
                + "  {\"channel\":\"ChatChannel\",\"room\":\"42\"}\n"
                + "matching:\n"
                + "  {\"text\":\"hi\"}\n"
                + "within 300ms, but none arrived. Closest messages:\n"
                + "  {\"text\":\"ho\"}   <- text: expected \"hi\" but was \"ho\"\n"
                + "  {\"text\":\"hey\",\"user\":\"bob\"}   <- text: expected \"hi\" but was \"hey\"");
  }

  @Test
  void broadcastOnAnotherStreamIsShownAsTheClosest() {
    assertThat(failureOf("broadcastOnTheWrongStream"))
        .isEqualTo(
            "Expecting a broadcast on stream:\n"
                + "  \"chat_42\"\n"
                + "matching:\n"
                + "  {\"text\":\"hi\"}\n"
                + "but none arrived. Closest broadcasts:\n"
                + "  \"chat_24\"  {\"text\":\"hi\"}   <- stream differs");
  }

  @Test
  void unmatchedCallFailsTheTestWithTheNearMissReport() {
    assertThat(failureOf("unstubbedPerform"))
        .isEqualTo(
            "A call to the mock RPC matched no stub (strict mode: stub it, or use @CableTest(strict = false)).\n"
                + "No stub matched this perform call:\n"
                + "  perform ChatChannel#speak data {\"text\":\"hello\",\"action\":\"speak\"}\n"
                + "Closest stubs:\n"
                + "  perform ChatChannel#speak data {\"text\":\"hi\"}\n"
                + "    <- data.text: expected \"hi\" but was \"hello\"");
  }

  @Test
  void silentSubscriptionShowsItsStreamsAndBroadcastsToOtherStreams() {
    assertThat(failureOf("broadcastToAStreamTheSubscriptionDoesNotListenTo"))
        .isEqualTo(
            "Expecting a message on subscription:\n"
                + "  {\"channel\":\"ChatChannel\",\"room\":\"42\"}\n"
                + "matching:\n"
                + "  {\"text\":\"hi\"}\n"
                + "within 300ms, but none arrived. No message arrived on it. Received:\n"
                + "  {\"type\":\"welcome\",\"sid\":\"<sid>\"}\n"
                + "  {\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\",\"type\":\"confirm_subscription\"}\n"
                + "It streams from [room_42]. Broadcasts to other streams:\n"
                + "  \"chat_42\"  {\"text\":\"hi\"}   <- stream differs");
  }

  @Test
  void connectionClosedByTheServerSaysWhyAndBlamesTheRpcServerFor1011() {
    assertThat(failureOf("rpcServerDownAtConnect"))
        .matches("(?s)Expecting a welcome on client \\(not welcomed\\)\nwithin 5s, but the connection was closed with 1011"
            + " \"Auth Error\" \\(the RPC server at 127\\.0\\.0\\.1:\\d+ failed or is unreachable\\)\\. Nothing was received\\.");
  }

  @Test
  void assertionLeftWithoutWithinFailsTheTest() {
    assertThat(failureOf("receivesWithoutWithin"))
        .startsWith("An assertion was never completed: receives {\"text\":\"hi\"} on client ")
        .endsWith(" needs .within(Duration) (or .during(Duration) for receivesNothing), or it checks nothing.");
  }

  @Test
  void unconfirmedSubscriptionShowsWhatArrived() {
    assertThat(failureOf("subscriptionNeverConfirmed"))
        .matches(
            "(?s)Expecting confirm_subscription for \\{\"channel\":\"ChatChannel\"\\} on client .{21}\n"
                + "within 300ms, but none arrived\\. Received:\n"
                + "  \\{\"type\":\"welcome\",\"sid\":\"<sid>\"\\}");
  }
}
