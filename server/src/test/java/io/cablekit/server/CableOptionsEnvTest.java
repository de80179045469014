package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.server.CableConfig.DisconnectMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ANYCABLE_* environment variables. */
class CableOptionsEnvTest {
  static CableOptions.Result parse(Map<String, String> env, String... args) throws OptionsException {
    return CableOptions.parse(List.of(args), env);
  }

  @Test
  void readsTheEnvironmentVariablesOfImplementedFlags() throws Exception {
    CableConfig c =
        parse(
                Map.of(
                    "ANYCABLE_HOST", "0.0.0.0",
                    "ANYCABLE_PORT", "9000",
                    "ANYCABLE_HEADERS", "cookie, x-api-token",
                    "ANYCABLE_PING_INTERVAL", "7",
                    "ANYCABLE_RPC_COMMAND_TIMEOUT", "900",
                    "ANYCABLE_HEALTH_PATH", "/up",
                    "ANYCABLE_PROXY_COOKIES", "uid",
                    "ANYCABLE_DISCONNECT_BACKLOG_SIZE", "12",
                    "ANYCABLE_NOAUTH", "true",
                    "ANYCABLE_DISCONNECT_MODE", "Never"))
            .config();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.headers()).containsExactly("cookie", "x-api-token");
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.rpcCommandTimeout()).isEqualTo(Duration.ofMillis(900));
    assertThat(c.healthPath()).isEqualTo("/up");
    assertThat(c.proxyCookies()).containsExactly("uid");
    assertThat(c.disconnectBacklog()).isEqualTo(12);
    assertThat(c.noauth()).isTrue();
    assertThat(c.disconnectMode()).isEqualTo(DisconnectMode.NEVER);
  }

  @Test
  void flagsWinOverTheEnvironment() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_PORT", "9000"), "--port=9001").config().port()).isEqualTo(9001);
    assertThat(parse(Map.of("ANYCABLE_NOAUTH", "true"), "--noauth=false").config().noauth()).isFalse();
  }

  @Test
  void readsPortAlsoFromPortButPrefersAnycablePort() throws Exception {
    assertThat(parse(Map.of("PORT", "5000")).config().port()).isEqualTo(5000);
    assertThat(parse(Map.of("PORT", "5000", "ANYCABLE_PORT", "6000")).config().port()).isEqualTo(6000);
  }

  @Test
  void namesTheVariableForAnInvalidValue() {
    assertThatThrownBy(() -> parse(Map.of("ANYCABLE_PORT", "abc")))
        .isInstanceOf(OptionsException.class)
        .hasMessage("ANYCABLE_PORT=abc: expected an integer");
    assertThatThrownBy(() -> parse(Map.of("PORT", "abc")))
        .isInstanceOf(OptionsException.class)
        .hasMessage("PORT=abc: expected an integer");
    assertThatThrownBy(() -> parse(Map.of("ANYCABLE_BROADCAST_ADAPTER", "kafka")))
        .isInstanceOf(OptionsException.class)
        .hasMessage(
            "ANYCABLE_BROADCAST_ADAPTER=kafka: unknown broadcast adapter \"kafka\"; expected http, redis, redisx or nats");
  }

  @Test
  void ignoresAnInvalidVariableThatAFlagOverrides() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_PORT", "abc"), "--port=1").config().port()).isEqualTo(1);
  }

  @Test
  void ignoresKnownButUnimplementedAndUnknownVariablesSilently() throws Exception {
    CableOptions.Result result =
        parse(
            Map.of(
                "ANYCABLE_JWT_SECRET", "x",
                "ANYCABLE_REDIS_URL", "redis://r:6379",
                "ANYCABLE_MAX_CONN", "not-even-a-number",
                "ANYCABLE_RPC_POOL_SIZE", "30",
                "ANYCABLE_SOMETHING_NEW", "1"));
    assertThat(result.warnings()).isEmpty();
    assertThat(result.config().port()).isEqualTo(8080);
  }

  @Test
  void readsNoVariableForWsMaxPendingSizeAsAnycableGoHasNone() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_WS_MAX_PENDING_SIZE", "5")).config().maxPendingSize())
        .isEqualTo(CableConfig.defaults().maxPendingSize());
  }

  @Test
  void treatsAnEmptyVariableAsUnset() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_PORT", "", "PORT", "7000")).config().port()).isEqualTo(7000);
  }

  @Test
  void warnsAboutTheNatsAdapterFromTheEnvironment() throws Exception {
    CableOptions.Result result = parse(Map.of("ANYCABLE_BROADCAST_ADAPTER", "nats"));
    assertThat(result.config().broadcastAdapters()).isEmpty();
    assertThat(result.warnings())
        .containsExactly(
            "ANYCABLE_BROADCAST_ADAPTER: nats has no effect in CableKit yet (accepted for anycable-go compatibility)");
  }

  @Test
  void prefersBroadcastKeyOverTheDeprecatedHttpBroadcastSecret() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_HTTP_BROADCAST_SECRET", "old")).config().broadcastKey()).isEqualTo("old");
    assertThat(
            parse(Map.of("ANYCABLE_HTTP_BROADCAST_SECRET", "old", "ANYCABLE_BROADCAST_KEY", "new"))
                .config()
                .broadcastKey())
        .isEqualTo("new");
  }

  @Test
  void readsLoggingVariablesIntoExtras() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_LOG_LEVEL", "warn", "ANYCABLE_LOG_FORMAT", "json")).extras())
        .containsEntry("log_level", "warn")
        .containsEntry("log_format", "json");
    assertThat(parse(Map.of("ANYCABLE_DEBUG", "1")).extras())
        .containsEntry("debug", "true")
        .containsEntry("log_level", "debug");
  }

  @Test
  void environmentRpcRequestTimeoutGivesWayToAnExplicitHttpRpcTimeout() throws Exception {
    CableConfig c =
        parse(Map.of("ANYCABLE_RPC_REQUEST_TIMEOUT", "5000", "ANYCABLE_HTTP_RPC_TIMEOUT", "200")).config();
    assertThat(c.rpcRequestTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(c.httpRpcTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(parse(Map.of("ANYCABLE_HTTP_RPC_TIMEOUT", "200"), "--rpc_request_timeout=5000").config().httpRpcTimeout())
        .isEqualTo(Duration.ofMillis(5000));
  }
}
