package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.server.CableConfig.DisconnectMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spellings of flags and how each implemented flag lands in {@link CableConfig}. */
class CableOptionsTest {
  static CableOptions.Result parse(String... args) throws OptionsException {
    return CableOptions.parse(List.of(args), Map.of());
  }

  static CableConfig config(String... args) throws OptionsException {
    return parse(args).config();
  }

  @Test
  void startsFromCableConfigDefaultsWithHttpBroadcastingOnly() throws Exception {
    CableOptions.Result result = parse();
    CableConfig config = result.config();
    CableConfig defaults = CableConfig.defaults();
    assertThat(config.host()).isEqualTo(defaults.host());
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.paths()).containsExactly("/cable");
    assertThat(config.rpcHost()).isEqualTo("localhost:50051");
    assertThat(config.headers()).containsExactly("cookie");
    assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.httpRpcTimeout()).isEqualTo(defaults.httpRpcTimeout());
    assertThat(config.maxPendingSize()).isEqualTo(defaults.maxPendingSize());
    assertThat(config.broadcastAdapters()).containsExactly("http");
    assertThat(result.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--port=9001", "--port 9001", "-port=9001", "-port 9001"})
  void acceptsTheFourSpellingsOfAFlagWithAValue(String spelling) throws Exception {
    assertThat(config(spelling.split(" ")).port()).isEqualTo(9001);
  }

  @Test
  void aBoolFlagAloneMeansTrue() throws Exception {
    assertThat(config("--noauth").noauth()).isTrue();
    assertThat(config("-noauth").noauth()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--noauth=false", "--noauth=0", "-noauth=FALSE", "--noauth=f"})
  void aBoolFlagIsFalseWithFalseOrZero(String spelling) throws Exception {
    assertThat(config("--noauth", spelling).noauth()).isFalse();
  }

  @Test
  void aBoolFlagIsTrueWithTrueOrOne() throws Exception {
    assertThat(config("--noauth=true").noauth()).isTrue();
    assertThat(config("--noauth=1").noauth()).isTrue();
  }

  @Test
  void acceptsDashAndUnderscoreSpellingsOfTheSameFlag() throws Exception {
    assertThat(config("--rpc-host=a:1").rpcHost()).isEqualTo("a:1");
    assertThat(config("--rpc_host=a:1").rpcHost()).isEqualTo("a:1");
    assertThat(config("--health_path=/up").healthPath()).isEqualTo("/up");
    assertThat(config("--health-path=/up").healthPath()).isEqualTo("/up");
    assertThat(config("--proxy_cookies=a").proxyCookies()).containsExactly("a");
    assertThat(config("-disconnect-backlog-size", "7").disconnectBacklog()).isEqualTo(7);
    assertThat(parse("--max-conn=5").warnings())
        .containsExactly("--max-conn has no effect in CableKit yet (accepted for anycable-go compatibility)");
    assertThat(parse("--max_conn=5").warnings())
        .containsExactly("--max_conn has no effect in CableKit yet (accepted for anycable-go compatibility)");
  }

  @Test
  void matchesNamesCaseSensitively() {
    assertThatThrownBy(() -> parse("--Port=1"))
        .isInstanceOf(OptionsException.class)
        .hasMessage("unknown flag --Port; did you mean --port?");
  }

  @Test
  void takesAValueStartingWithDashWhenTheFlagNeedsOne() throws Exception {
    assertThat(config("--secret", "-s3cret-").secret()).isEqualTo("-s3cret-");
    assertThatThrownBy(() -> parse("--port", "-1"))
        .isInstanceOf(OptionsException.class)
        .hasMessage("port: -1 is not a port number (0-65535)");
  }

  @Test
  void theLastOccurrenceOfAFlagWins() throws Exception {
    assertThat(config("--port=1", "--port=2").port()).isEqualTo(2);
  }

  @Test
  void mapsEveryImplementedFlagOntoTheConfig() throws Exception {
    CableConfig c =
        config(
            "--host=0.0.0.0", "--port=9000", "--path=/cable,/ws/*", "--rpc_host=http://app/_anycable",
            "--headers=Cookie,X-Api-Token", "--proxy-cookies=_session,uid",
            "--allowed_origins=example.com,*.example.org", "--ping_interval=5",
            "--ping_timestamp_precision=ms", "--max_message_size=1024", "--rpc_concurrency=4",
            "--rpc_command_timeout=4000", "--rpc_request_timeout=2000", "--http_rpc_timeout=1500",
            "--http_rpc_secret=rpc", "--secret=app", "--disconnect_mode=never", "--disconnect_rate=7",
            "--disconnect_backlog_size=9", "--shutdown_timeout=12", "--broadcast_adapter=http,redis",
            "--http_broadcast_port=8091", "--http_broadcast_path=/bc", "--broadcast_key=key",
            "--health-path=/up", "--metrics_http=/metrics", "--metrics_port=9100", "--noauth",
            "--ws_write_timeout=4", "--ws_max_pending_size=2048");
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.paths()).containsExactly("/cable", "/ws/*");
    assertThat(c.rpcHost()).isEqualTo("http://app/_anycable");
    assertThat(c.headers()).containsExactly("cookie", "x-api-token");
    assertThat(c.proxyCookies()).containsExactly("_session", "uid");
    assertThat(c.allowedOrigins()).containsExactly("example.com", "*.example.org");
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.pingTimestampPrecision()).isEqualTo("ms");
    assertThat(c.maxMessageSize()).isEqualTo(1024);
    assertThat(c.rpcConcurrency()).isEqualTo(4);
    assertThat(c.rpcCommandTimeout()).isEqualTo(Duration.ofMillis(4000));
    assertThat(c.rpcRequestTimeout()).isEqualTo(Duration.ofMillis(2000));
    assertThat(c.httpRpcTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.httpRpcSecret()).isEqualTo("rpc");
    assertThat(c.secret()).isEqualTo("app");
    assertThat(c.disconnectMode()).isEqualTo(DisconnectMode.NEVER);
    assertThat(c.disconnectRate()).isEqualTo(7);
    assertThat(c.disconnectBacklog()).isEqualTo(9);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(c.broadcastAdapters()).containsExactly("http", "redis");
    assertThat(c.httpBroadcastPort()).isEqualTo(8091);
    assertThat(c.httpBroadcastPath()).isEqualTo("/bc");
    assertThat(c.broadcastKey()).isEqualTo("key");
    assertThat(c.healthPath()).isEqualTo("/up");
    assertThat(c.metricsHttp()).isEqualTo("/metrics");
    assertThat(c.metricsPort()).isEqualTo(9100);
    assertThat(c.noauth()).isTrue();
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.maxPendingSize()).isEqualTo(2048);
  }

  @Test
  void splitsListsOnCommasTrimsThemAndDropsEmptyEntries() throws Exception {
    assertThat(config("--path= /a , ,/b,").paths()).containsExactly("/a", "/b");
    assertThat(config("--allowed_origins=").allowedOrigins()).isEmpty();
  }

  @Test
  void readsDisconnectModeCaseInsensitively() throws Exception {
    assertThat(config("--disconnect_mode=ALWAYS").disconnectMode()).isEqualTo(DisconnectMode.ALWAYS);
    assertThat(config("--disconnect_mode=Auto").disconnectMode()).isEqualTo(DisconnectMode.AUTO);
  }

  @Test
  void treatsSecretNoneAsUnsetButKeepsBroadcastKeyNone() throws Exception {
    assertThat(config("--secret=none").secret()).isNull();
    assertThat(config("--broadcast_key=none").broadcastKey()).isEqualTo("none");
  }

  @Test
  void takesHttpBroadcastSecretAsTheBroadcastKey() throws Exception {
    assertThat(config("--http_broadcast_secret=s").broadcastKey()).isEqualTo("s");
    assertThat(config("--http_broadcast_secret=s", "--broadcast_key=k").broadcastKey()).isEqualTo("k");
  }

  @Test
  void revertsANonPositiveRpcConcurrencyToTheDefaultAsAnycableGoDoes() throws Exception {
    assertThat(config("--rpc_concurrency=0").rpcConcurrency()).isEqualTo(28);
    assertThat(config("--rpc_concurrency=-3").rpcConcurrency()).isEqualTo(28);
  }

  @Test
  void readsAZeroMaxPendingSizeAsUnlimited() throws Exception {
    assertThat(config("--ws_max_pending_size=0").maxPendingSize()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void usesAPositiveRpcRequestTimeoutForHttpRpcTooUnlessHttpRpcTimeoutFollows() throws Exception {
    CableConfig c = config("--rpc_request_timeout=5000");
    assertThat(c.rpcRequestTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(c.httpRpcTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(config("--rpc_request_timeout=0").httpRpcTimeout()).isEqualTo(Duration.ofMillis(3000));
    assertThat(config("--rpc_request_timeout=5000", "--http_rpc_timeout=100").httpRpcTimeout())
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void disableDisconnectForcesDisconnectModeNever() throws Exception {
    assertThat(config("--disable_disconnect").disconnectMode()).isEqualTo(DisconnectMode.NEVER);
    assertThat(config("--disconnect_mode=always", "--disable_disconnect=false").disconnectMode())
        .isEqualTo(DisconnectMode.ALWAYS);
  }

  @Test
  void exposesLoggingFlagsInExtrasWithDefaults() throws Exception {
    assertThat(parse().extras())
        .containsExactly(Map.entry("debug", "false"), Map.entry("log_level", "info"), Map.entry("log_format", "text"));
    assertThat(parse("--log_level=WARN", "--log_format=json").extras())
        .containsEntry("log_level", "warn")
        .containsEntry("log_format", "json");
  }

  @Test
  void debugForcesDebugLevelAndTextFormatAsAnycableGoDoes() throws Exception {
    assertThat(parse("--debug", "--log_level=error", "--log_format=json").extras())
        .containsExactly(Map.entry("debug", "true"), Map.entry("log_level", "debug"), Map.entry("log_format", "text"));
  }

  @Test
  void parsesARealAnycableGoCommandLineWithExactlyTheExpectedWarnings() throws Exception {
    CableOptions.Result result =
        parse(
            "--host=0.0.0.0", "--port=8081", "--rpc_host=localhost:50051",
            "--headers=cookie,x-api-token", "--broadcast_adapter=http", "--http_broadcast_port=8090",
            "--ping_interval=3", "--disconnect_mode=always", "--jwt_secret=xyz",
            "--redis_url=redis://localhost:6379/1", "--log_level=debug");
    CableConfig c = result.config();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.rpcHost()).isEqualTo("localhost:50051");
    assertThat(c.headers()).containsExactly("cookie", "x-api-token");
    assertThat(c.broadcastAdapters()).containsExactly("http");
    assertThat(c.httpBroadcastPort()).isEqualTo(8090);
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.disconnectMode()).isEqualTo(DisconnectMode.ALWAYS);
    assertThat(result.warnings())
        .containsExactly(
            "--jwt_secret has no effect in CableKit yet (accepted for anycable-go compatibility)");
    assertThat(c.redisUrl()).isEqualTo("redis://localhost:6379/1");
    assertThat(result.extras()).containsEntry("log_level", "debug");
  }
}
