package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  @Test
  void serveMakesTheHeapShrinkAfterCollectionsAndWhenIdle() {
    IdleMemory.apply();

    IdleMemory.OPTIONS.forEach(
        (name, value) -> assertThat(hotspot.getVMOption(name).getValue()).as(name).isEqualTo(value));
  }

  @Test
  void applyingTwiceChangesNothingMore() {
    IdleMemory.apply();

    assertThat(IdleMemory.apply()).isEmpty();
  }
}
