package io.cablekit.server.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

public class MemoryBrokerTest {
  /** A clock the test moves by hand. */
  public static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final ManualClock clock = new ManualClock();
  final MemoryBroker broker = new MemoryBroker(3, Duration.ofSeconds(60), clock);

  @Test
  void offsetsStartAtOnePerStreamAndTheEpochIsFourCharacters() {
    assertThat(broker.append("a", "1", null)).isEqualTo(1);
    assertThat(broker.append("a", "2", null)).isEqualTo(2);
    assertThat(broker.append("b", "1", null)).isEqualTo(1);
    assertThat(broker.epoch()).matches("[a-z0-9]{4}");
    assertThat(new MemoryBroker(1, Duration.ofSeconds(1), clock).epoch())
        .as("each broker instance is a new epoch (almost surely)")
        .isNotEqualTo(broker.epoch() + "x");
  }

  @Test
  void keepsTheLastLimitMessagesAndRefusesPositionsBeforeThem() throws Exception {
    for (int i = 1; i <= 5; i++) {
      broker.append("a", String.valueOf(i), null);
    }
    assertThat(broker.after("a", broker.epoch(), 2)).extracting(MemoryBroker.Entry::offset).containsExactly(3L, 4L, 5L);
    assertThat(broker.after("a", broker.epoch(), 5)).isEmpty();
    assertThatThrownBy(() -> broker.after("a", broker.epoch(), 1)).hasMessageContaining("evicted");
    assertThatThrownBy(() -> broker.after("a", broker.epoch(), 6)).hasMessageContaining("ahead");
    assertThatThrownBy(() -> broker.after("a", "nope", 4)).hasMessageContaining("unknown epoch");
    assertThatThrownBy(() -> broker.after("zzz", broker.epoch(), 0)).hasMessageContaining("no history");
  }

  @Test
  void messagesExpireAfterTheTtlAndSinceSelectsByTime() throws Exception {
    broker.append("a", "old", null);
    clock.advance(Duration.ofSeconds(30));
    long middle = clock.instant().getEpochSecond();
    broker.append("a", "new", "presence");
    assertThat(broker.since("a", middle)).extracting(MemoryBroker.Entry::message).containsExactly("new");
    assertThat(broker.since("a", middle).get(0).type()).isEqualTo("presence");
    clock.advance(Duration.ofSeconds(31));
    assertThat(broker.since("a", 0)).extracting(MemoryBroker.Entry::message).containsExactly("new");
    assertThatThrownBy(() -> broker.after("a", broker.epoch(), 0)).hasMessageContaining("evicted");
    assertThat(broker.since("unknown", 0)).isEmpty();
  }

  @Test
  void sweepForgetsStreamsEmptyForAWholeTtlButOffsetsNeverRepeatWhileKnown() throws Exception {
    broker.append("a", "1", null);
    clock.advance(Duration.ofSeconds(61));
    broker.sweep();
    assertThat(broker.streamCount()).as("expired and idle for a TTL").isZero();
    assertThat(broker.append("a", "again", null)).isEqualTo(1);
    broker.append("b", "1", null);
    clock.advance(Duration.ofSeconds(30));
    broker.sweep();
    assertThat(broker.streamCount()).isEqualTo(2);
  }

  @Test
  void refusesAnInvalidLimit() {
    assertThatThrownBy(() -> new MemoryBroker(0, Duration.ofSeconds(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
