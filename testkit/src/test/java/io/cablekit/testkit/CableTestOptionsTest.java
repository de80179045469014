package io.cablekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code @CableTest(options)} takes serve's flags and refuses the ones it cannot honour. */
class CableTestOptionsTest {
  @CableTest(options = {"--ping_interval=1", "--broker=memory"})
  static class WithOptions {
    @Test
    void theServerRunsWithThem(TestCable cable) {
      assertThat(cable.server().config().pingInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(cable.server().config().broker()).isEqualTo("memory");
    }
  }

  @CableTest(options = {"--ping_intervall=1"})
  static class WithAMisspeltFlag {
    @Test
    void neverRuns(TestCable cable) {}
  }

  @CableTest(options = {"--jwt_secret=x"})
  static class WithAFlagThatHasNoEffect {
    @Test
    void neverRuns(TestCable cable) {}
  }

  @Test
  void optionsReachTheServer() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithOptions.class)).execute()
        .testEvents().assertStatistics(s -> s.succeeded(1));
  }

  @Test
  void aMisspeltFlagFailsTheClassNamingTheClosestOne() {
    var failure = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithAMisspeltFlag.class)).execute()
        .allEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(failure).hasMessageContaining("--ping_intervall").hasMessageContaining("--ping_interval");
  }

  @Test
  void aFlagWithoutEffectFailsTheClass() {
    var failure = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithAFlagThatHasNoEffect.class)).execute()
        .allEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(failure).hasMessageContaining("--jwt_secret");
  }
}
