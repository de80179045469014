package io.cablekit.server;

import static io.cablekit.server.CableOptionsTest.config;
import static io.cablekit.server.CableOptionsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.server.internal.config.FlagTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** anycable-go flags CableKit does not implement, and broadcast adapters. */
class CableOptionsWarningsTest {
  static String noEffect(String typed) {
    return typed + " has no effect in CableKit yet (accepted for anycable-go compatibility)";
  }

  @Test
  void acceptsAnUnimplementedFlagWithOneWarningInTheSpellingTyped() throws Exception {
    assertThat(parse("--jwt_secret=abc").warnings()).containsExactly(noEffect("--jwt_secret"));
    assertThat(parse("-jwt-secret", "abc").warnings()).containsExactly(noEffect("-jwt-secret"));
  }

  @Test
  void consumesTheValueOfAnUnimplementedFlag() throws Exception {
    CableOptions.Result result = parse("--jwt_secret", "abc", "--port", "1");
    assertThat(result.config().port()).isEqualTo(1);
    assertThat(result.warnings()).containsExactly(noEffect("--jwt_secret"));
    assertThat(config("--nats_servers", "--weird-looking-value", "--port=2").port()).isEqualTo(2);
  }

  @Test
  void anUnimplementedBoolFlagAloneTakesNoValue() throws Exception {
    CableOptions.Result result = parse("--public", "--port", "3", "--norpc", "--sse=false");
    assertThat(result.config().port()).isEqualTo(3);
    assertThat(result.warnings()).containsExactly(noEffect("--public"), noEffect("--norpc"), noEffect("--sse"));
  }

  @Test
  void warnsOncePerFlagEvenWhenRepeatedInAnotherSpelling() throws Exception {
    assertThat(parse("--max-conn=1", "--max_conn=2").warnings()).containsExactly(noEffect("--max-conn"));
  }

  @Test
  void acceptsEveryOtherFlagOfTheAnycableGoTableWithExactlyOneWarning() throws Exception {
    Set<String> implemented =
        Set.of(
            "host", "port", "path", "rpc_host", "headers", "proxy-cookies", "allowed_origins",
            "ping_interval", "ping_timestamp_precision", "max_message_size", "rpc_concurrency",
            "rpc_command_timeout", "rpc_request_timeout", "http_rpc_timeout", "http_rpc_secret",
            "secret", "disconnect_mode", "disconnect_rate", "disconnect_backlog_size",
            "shutdown_timeout", "broadcast_adapter", "http_broadcast_port", "http_broadcast_path",
            "broadcast_key", "http_broadcast_secret", "health-path", "metrics_http", "metrics_port",
            "noauth", "ws_write_timeout", "ws_max_pending_size", "debug", "log_level", "log_format",
            "disable_disconnect", "redis_url", "redis_channel", "redisx_stream", "redisx_group",
            "redisx_read_block_milliseconds", "pubsub", "broker", "history_limit", "history_ttl", "sessions_ttl", "presence_ttl", "pong_timeout", "presets");
    Set<String> callerHandled = Set.of("help", "h", "version", "v");
    List<FlagTable.Row> rows = FlagTable.anycable().rows();
    assertThat(rows).hasSize(144);
    int warned = 0;
    for (FlagTable.Row row : rows) {
      if (implemented.contains(row.name()) || callerHandled.contains(row.name())) {
        continue;
      }
      String flag = "--" + row.name();
      List<String> args = row.type().equals("bool") ? List.of(flag) : List.of(flag, "x");
      assertThat(CableOptions.parse(args, java.util.Map.of()).warnings())
          .as(flag)
          .containsExactly(noEffect(flag));
      warned++;
    }
    assertThat(warned).isEqualTo(144 - implemented.size() - callerHandled.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "--version", "-v"})
  void leavesHelpAndVersionToTheCommand(String flag) {
    assertThatThrownBy(() -> parse("--port=1", flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(flag + " must be handled by the command before CableOptions.parse is called");
  }

  @Test
  void keepsHttpRedisAndRedisxAdapters() throws Exception {
    assertThat(config("--broadcast_adapter=redis, HTTP ,redisx").broadcastAdapters())
        .containsExactly("redis", "http", "redisx");
    assertThat(config("--broadcast_adapter=redis").broadcastAdapters()).containsExactly("redis");
  }

  @Test
  void acceptsTheNatsAdapterWithAWarningAndLeavesItOut() throws Exception {
    CableOptions.Result result = parse("--broadcast_adapter=http,nats");
    assertThat(result.config().broadcastAdapters()).containsExactly("http");
    assertThat(result.warnings())
        .containsExactly(
            "--broadcast_adapter: nats has no effect in CableKit yet (accepted for anycable-go compatibility)");
  }

  @Test
  void rejectsAnUnknownBroadcastAdapterListingTheValidOnes() {
    assertThatThrownBy(() -> parse("--broadcast_adapter=http,kafka"))
        .isInstanceOf(OptionsException.class)
        .hasMessage(
            "--broadcast_adapter=http,kafka: unknown broadcast adapter \"kafka\"; expected http, redis, redisx or nats");
  }
}
