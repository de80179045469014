package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void defaultsFitCableKitServeWithNoSetup() {
    BenchOptions o = BenchOptions.parse(List.of());
    assertThat(o.url()).isEqualTo(URI.create("ws://localhost:8080/cable"));
    assertThat(o.broadcastUrl()).isEqualTo(URI.create("http://localhost:8090/_broadcast"));
    assertThat(o.clients()).containsExactly(1000);
    assertThat(o.broadcasts()).isEqualTo(20);
    assertThat(o.rate()).isEqualTo(2.0);
    assertThat(o.via()).isEqualTo(BenchOptions.Via.HTTP);
    assertThat(o.identifier()).isEqualTo("{\"channel\":\"BenchChannel\"}");
    // the permissive mock streams {"channel":"BenchChannel"} from "BenchChannel"
    assertThat(o.stream()).isEqualTo("BenchChannel");
    assertThat(o.effectiveRedisChannel()).isEqualTo("__anycable__");
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void acceptsDashesAndUnderscoresAndSeparateValues() {
    BenchOptions o = BenchOptions.parse(List.of("--broadcast-url", "http://h:9/_b", "--connect_rate=500/s", "--ramp"));
    assertThat(o.broadcastUrl()).isEqualTo(URI.create("http://h:9/_b"));
    assertThat(o.connectRate()).isEqualTo(500.0);
    assertThat(o.ramp()).isTrue();
  }

  @Test
  void sortsAndDeduplicatesClientCounts() {
    assertThat(BenchOptions.parse(List.of("--clients=10k,1000,5_000,1k")).clients()).containsExactly(1000, 5000, 10000);
  }

  @Test
  void derivesTheBroadcastUrlFromTheHost() {
    assertThat(BenchOptions.parse(List.of("--url=ws://10.0.0.5:3334/cable")).broadcastUrl())
        .isEqualTo(URI.create("http://10.0.0.5:8090/_broadcast"));
  }

  @Test
  void parsesDurations() {
    assertThat(BenchOptions.duration("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    assertThat(BenchOptions.duration("2m", "x")).isEqualTo(Duration.ofMinutes(2));
    assertThat(BenchOptions.duration("1.5s", "x")).isEqualTo(Duration.ofMillis(1500));
    assertThat(BenchOptions.duration("3", "x")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> BenchOptions.duration("soon", "drain"))
        .hasMessage("--drain must be a duration such as 5s, 500ms or 2m, got soon");
  }

  @Test
  void namesTheClosestOptionForATypo() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--brodcasts=5")))
        .hasMessage("unknown option --brodcasts; did you mean --broadcasts?");
  }

  @Test
  void rejectsRawModeWithAnActionPublisher() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--raw", "--via=action")))
        .hasMessage("--raw works with --via=http only (the body is sent to every socket)");
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--rate=0")))
        .hasMessage("--rate must be positive, got 0");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients=0")))
        .hasMessage("--clients must be at least 1, got 0");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--via=smoke")))
        .hasMessage("--via must be http, action or redis, got smoke");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--url=http://x/cable")))
        .hasMessage("--url must be a ws:// URL, got http://x/cable");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--json")))
        .hasMessage("--json needs a value");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--from=")))
        .hasMessage("--from needs at least one result file");
  }

  @Test
  void publishesTheBareMessageOnTheStreamChannelInActionCableFormat() {
    BenchOptions o = BenchOptions.parse(List.of("--via=redis", "--redis_format=actioncable", "--stream=bench"));
    assertThat(o.effectiveRedisChannel()).isEqualTo("bench");
  }

  @Test
  void takesACustomIdentifierAndRampRates() {
    BenchOptions o = BenchOptions.parse(List.of(
        "--identifier={\"channel\":\"ChatChannel\",\"room\":1}", "--ramp_rates=50,10,20/s"));
    assertThat(o.identifier()).isEqualTo("{\"channel\":\"ChatChannel\",\"room\":1}");
    assertThat(o.rampRates()).containsExactly(10.0, 20.0, 50.0);
  }
}
