package io.cablekit.samples.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs {@link ChatContract} the way CI would, with {@code cablekit.rpc_host} naming the app. */
class ChatContractTest {
  @Test
  void chatAppKeepsTheContract() {
    try (ChatApp app = ChatApp.start()) {
      Events tests =
          EngineTestKit.engine("junit-jupiter")
              .configurationParameter("cablekit.rpc_host", app.target())
              .selectors(selectClass(ChatContract.class))
              .execute()
              .testEvents();

      assertThat(problems(tests)).isEmpty();
      assertThat(tests.succeeded().count()).isEqualTo(tests.started().count()).isEqualTo(6);
    }
  }

  /** Each failed or skipped test with its exception, so a broken contract reads like a failed test. */
  private static List<String> problems(Events tests) {
    return tests.stream()
        .filter(e -> e.getPayload(TestExecutionResult.class).filter(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL).isPresent())
        .map(ChatContractTest::describe)
        .toList();
  }

  private static String describe(Event event) {
    TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
    return event.getTestDescriptor().getDisplayName() + " " + result.getStatus() + ": "
        + result.getThrowable().map(Throwable::toString).orElse("");
  }
}
