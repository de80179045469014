package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** anycable-go's {@code --presets}: the broker preset, and the platform ones that do nothing here. */
class CableOptionsPresetsTest {
  static CableOptions.Result parse(Map<String, String> env, String... args) throws OptionsException {
    return CableOptions.parse(List.of(args), env);
  }

  @Test
  void theBrokerPresetTurnsOnTheMemoryBroker() throws Exception {
    assertThat(parse(Map.of(), "--presets=broker").config().broker()).isEqualTo("memory");
    assertThat(parse(Map.of("ANYCABLE_PRESETS", "Broker")).config().broker()).isEqualTo("memory");
    assertThat(parse(Map.of()).config().broker()).isEmpty();
  }

  @Test
  void anExplicitBrokerWinsOverThePreset() throws Exception {
    assertThat(parse(Map.of(), "--presets=broker", "--broker=none").config().broker()).isEmpty();
    assertThat(parse(Map.of("ANYCABLE_BROKER", "none"), "--presets=broker").config().broker()).isEmpty();
  }

  @Test
  void platformPresetsAreAcceptedWithOneWarningEach() throws Exception {
    CableOptions.Result result = parse(Map.of(), "--presets=fly,broker");
    assertThat(result.config().broker()).isEqualTo("memory");
    assertThat(result.warnings())
        .containsExactly("--presets=fly has no effect in CableKit (it tunes anycable-go for that platform)");
  }

  @Test
  void anUnknownPresetIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> parse(Map.of(), "--presets=brokers"))
        .isInstanceOf(OptionsException.class)
        .hasMessageContaining("--presets")
        .hasMessageContaining("none, broker, fly or heroku");
  }
}
