package io.cablekit.server.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TyposTest {
  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Typos.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Typos.distance("", "abc")).isEqualTo(3);
    assertThat(Typos.distance("abc", "")).isEqualTo(3);
    assertThat(Typos.distance("same", "same")).isZero();
  }

  @Test
  void nearestSuggestsTheClosestWordWithinAThirdOfItsLength() {
    List<String> flags = List.of("rpc_host", "port", "path", "broadcast_adapter");
    assertThat(Typos.nearest("rcp_host", flags)).isEqualTo("rpc_host");
    assertThat(Typos.nearest("broadcast_adaptr", flags)).isEqualTo("broadcast_adapter");
    assertThat(Typos.nearest("completely_else", flags)).isNull();
  }

  @Test
  void tiesGoToTheEarlierCandidate() {
    assertThat(Typos.nearest("pat", List.of("path", "port"))).isEqualTo("path");
    assertThat(Typos.nearest("pat", List.of("part", "path"))).isEqualTo("part");
  }

  @Test
  void keysNormaliseBothSidesButTheCandidateIsReturnedAsSpelled() {
    String best = Typos.nearest("STREAM", List.of("Stream", "Transmit"), w -> w.toLowerCase(Locale.ROOT), 0);
    assertThat(best).isEqualTo("Stream");
  }

  @Test
  void nothingIsSuggestedFromAnEmptyList() {
    assertThat(Typos.nearest("anything", List.of())).isNull();
  }
}
