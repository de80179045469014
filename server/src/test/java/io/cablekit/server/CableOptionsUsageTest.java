package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.CableOptions.Extra;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The help text. */
class CableOptionsUsageTest {
  final String usage =
      CableOptions.usage(
          List.of(
              new Extra("stubs", "string", null, "Stub file to load"),
              new Extra("strict", "bool", "false", "Fail on unmatched commands")));
  final List<String> lines = Arrays.asList(usage.split("\n"));

  String lineOf(String flag) {
    return lines.stream().filter(l -> l.strip().startsWith(flag)).findFirst().orElseThrow();
  }

  @Test
  void showsEachImplementedOptionOnOneLineWithItsDefaultAndVariables() {
    assertThat(lineOf("--rpc_host="))
        .matches("  --rpc_host=localhost:50051 +RPC server: .*\\[ANYCABLE_RPC_HOST\\]");
    assertThat(lineOf("--port=")).startsWith("  --port=8080 ").endsWith("[ANYCABLE_PORT, PORT]");
    assertThat(lineOf("--broadcast_adapter=")).startsWith("  --broadcast_adapter=http ");
    assertThat(lineOf("--health-path=")).startsWith("  --health-path=/health ").endsWith("[ANYCABLE_HEALTH_PATH]");
    assertThat(lineOf("--secret=")).startsWith("  --secret=<string> ");
    assertThat(lineOf("--noauth")).startsWith("  --noauth ").endsWith("[ANYCABLE_NOAUTH]");
    assertThat(lineOf("--ws_max_pending_size=")).startsWith("  --ws_max_pending_size=1048576 ").doesNotContain("[");
    for (String flag :
        List.of(
            "--host=", "--path=", "--headers=", "--proxy-cookies=", "--allowed_origins=", "--ping_interval=",
            "--ping_timestamp_precision=", "--max_message_size=", "--rpc_concurrency=", "--rpc_command_timeout=",
            "--rpc_request_timeout=", "--http_rpc_timeout=", "--http_rpc_secret=", "--disconnect_mode=",
            "--disconnect_rate=", "--disconnect_backlog_size=", "--shutdown_timeout=", "--http_broadcast_port=",
            "--http_broadcast_path=", "--broadcast_key=", "--metrics_http=", "--metrics_port=",
            "--ws_write_timeout=", "--debug", "--log_level=", "--log_format=")) {
      assertThat(lines.stream().filter(l -> l.strip().startsWith(flag))).as(flag).hasSize(1);
    }
  }

  @Test
  void groupsOptionsUnderHeadingsThenTheExtrasThenTheNoteOnOtherFlags() {
    assertThat(lines)
        .containsSubsequence(
            "Server:", "RPC:", "Logging:", "WebSockets:", "Ping:", "Command options:")
        .filteredOn(l -> !l.isEmpty() && !l.startsWith(" "))
        .containsSubsequence("Server:", "Broadcasting:", "HTTP broadcast:", "RPC:", "Disconnect:", "Logging:",
            "Metrics:", "WebSockets:", "Ping:", "Command options:");
    assertThat(lineOf("--stubs=")).matches("  --stubs=<string> +Stub file to load \\[ANYCABLE_STUBS\\]");
    assertThat(lineOf("--strict")).matches("  --strict +Fail on unmatched commands \\[ANYCABLE_STRICT\\]");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "Other anycable-go flags (JWT, signed streams, NATS, SSE, ...) are accepted and ignored with a warning.");
  }

  @Test
  void isPlainText() {
    assertThat(usage).doesNotContain("\u001b").isEqualTo(usage.strip() + "\n");
    assertThat(CableOptions.usage(List.of())).doesNotContain("Command options:");
  }
}
