package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void usesTheNearestRankPercentile() {
    int[] oneToHundred = new int[100];
    for (int i = 0; i < 100; i++) {
      oneToHundred[i] = i + 1;
    }
    assertThat(Latencies.percentile(oneToHundred, 50)).isEqualTo(50);
    assertThat(Latencies.percentile(oneToHundred, 90)).isEqualTo(90);
    assertThat(Latencies.percentile(oneToHundred, 99)).isEqualTo(99);
    assertThat(Latencies.percentile(oneToHundred, 100)).isEqualTo(100);
  }

  @Test
  void roundsTheRankUpForSmallSamples() {
    int[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // rank ceil(0.9 x 10) = 9 exactly, not 10 through floating-point error
    assertThat(Latencies.percentile(ten, 90)).isEqualTo(9);
    assertThat(Latencies.percentile(ten, 99)).isEqualTo(10);
    assertThat(Latencies.percentile(ten, 50)).isEqualTo(5);
    assertThat(Latencies.percentile(new int[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void rejectsPercentilesOutsideTheRange() {
    assertThatThrownBy(() -> Latencies.percentile(new int[] {1}, 0)).hasMessage("percentile must be in (0, 100], got 0.0");
    assertThatThrownBy(() -> Latencies.percentile(new int[0], 50)).hasMessage("no values");
  }

  @Test
  void summarisesInMillisecondsWithTwoDecimals() {
    Latencies l = new Latencies();
    for (int i = 1; i <= 1000; i++) {
      l.add(i * 10L); // 10 us .. 10,000 us
    }
    Latencies.Summary s = l.summary();
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50()).isEqualTo(5.0);
    assertThat(s.p90()).isEqualTo(9.0);
    assertThat(s.p99()).isEqualTo(9.9);
    assertThat(s.max()).isEqualTo(10.0);
    assertThat(s.mean()).isEqualTo(5.01);
  }

  @Test
  void countsNegativeLatenciesAsZero() {
    Latencies l = new Latencies();
    l.add(-50);
    assertThat(l.summary().max()).isEqualTo(0.0);
  }

  @Test
  void summarisesNothingAsZeros() {
    assertThat(new Latencies().summary()).isEqualTo(new Latencies.Summary(0, 0, 0, 0, 0, 0));
  }

  @Test
  void mergesThePartsOfEachSelectorThread() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    for (int i = 0; i < 3000; i++) {
      a.add(1000);
      b.add(3000);
    }
    Latencies all = Latencies.merge(List.of(a, b));
    assertThat(all.count()).isEqualTo(6000);
    assertThat(all.summary().p50()).isEqualTo(1.0);
    assertThat(all.summary().p90()).isEqualTo(3.0);
  }
}
