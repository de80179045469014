package io.cablekit.server.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.internal.broker.MemoryBrokerTest.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  final ManualClock clock = new ManualClock();
  final SessionCache cache = new SessionCache(Duration.ofSeconds(300), clock);
  final SessionCache.Snapshot snapshot =
      new SessionCache.Snapshot(
          "{\"user\":1}",
          Map.of("k", "v"),
          List.of(new SessionCache.Subscription("{\"channel\":\"A\"}", Map.of("$w", "s"), List.of("s"))),
          true);

  @Test
  void keepsASnapshotForTheTtlAndHandsItOutOnce() {
    cache.put("sid-1", snapshot);
    clock.advance(Duration.ofSeconds(299));
    assertThat(cache.take("sid-1")).isEqualTo(snapshot);
    assertThat(cache.take("sid-1")).isNull();
  }

  @Test
  void anExpiredSnapshotIsAMissAndSweepDropsIt() {
    cache.put("sid-1", snapshot);
    cache.put("sid-2", snapshot);
    clock.advance(Duration.ofSeconds(301));
    assertThat(cache.take("sid-1")).isNull();
    cache.sweep();
    assertThat(cache.size()).isZero();
  }
}
