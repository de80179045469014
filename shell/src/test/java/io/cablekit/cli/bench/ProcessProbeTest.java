package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessProbeTest {
  @Test
  void readsVmRssFromStatus() {
    assertThat(ProcessProbe.rssKb("Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t40\n")).isEqualTo(123456);
    assertThat(ProcessProbe.rssKb("Name:\tzombie\n")).isEqualTo(-1);
  }

  @Test
  void addsUserAndSystemTimeFromStatEvenWithSpacesInTheName() {
    String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 40 0 100 0 0";
    assertThat(ProcessProbe.cpuTicks(stat)).isEqualTo(325);
  }

  @Test
  void computesCpuPercentOfOneCore() {
    // 150 ticks (1.5 s of CPU) in 1 s of wall time: one and a half cores
    assertThat(ProcessProbe.cpuPercent(100, 250, 1_000_000_000L)).isEqualTo(150.0);
    assertThat(ProcessProbe.cpuPercent(-1, 250, 1_000_000_000L)).isEqualTo(-1.0);
  }

  @Test
  void readsTheLiveHeapFromGcHeapInfo() {
    String g1 = """
        4242:
         garbage-first heap   total reserved 6291456K, committed 399360K, used 57344K [0x0000000680000000, 0x0000000800000000)
          region size 4096K, 2 young (8192K), 0 survivors (0K)
         Metaspace       used 42000K, committed 42500K, reserved 1114112K
        """;
    assertThat(ProcessProbe.heapUsedKb(g1)).isEqualTo(57344);
  }

  @Test
  void samplesItsOwnProcess() {
    ProcessProbe self = ProcessProbe.self();
    assertThat(self.rssKb()).isPositive();
    assertThat(self.cpuTicks()).isNotNegative();
  }
}
