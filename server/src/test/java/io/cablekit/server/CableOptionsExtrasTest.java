package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.server.CableOptions.Extra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options a subcommand adds on top of the server's. */
class CableOptionsExtrasTest {
  static final List<Extra> SERVE =
      List.of(
          new Extra("stubs", "string", null, "Stub file"),
          new Extra("mock-port", "int", "0", "Port of the mock RPC"),
          new Extra("strict", "bool", "false", "Fail on unmatched commands"),
          new Extra("channels", "list", "", "Channels"),
          new Extra("grace", "duration-seconds", "5", "Grace period"));

  static CableOptions.Result parse(Map<String, String> env, String... args) throws OptionsException {
    return CableOptions.parse(List.of(args), env, SERVE);
  }

  @Test
  void appliesDefaultsAndLeavesOutExtrasWithoutOne() throws Exception {
    assertThat(parse(Map.of()).extras())
        .containsExactly(
            Map.entry("mock-port", "0"),
            Map.entry("strict", "false"),
            Map.entry("channels", ""),
            Map.entry("grace", "5"),
            Map.entry("debug", "false"),
            Map.entry("log_level", "info"),
            Map.entry("log_format", "text"));
  }

  @Test
  void parsesExtrasWithTheSameSpellingRulesAndCanonicalValues() throws Exception {
    CableOptions.Result result =
        parse(Map.of(), "--stubs", "a.yml", "-mock_port=9", "--strict", "--channels= A, ,B ", "--grace=02", "--port=1");
    assertThat(result.extras())
        .containsEntry("stubs", "a.yml")
        .containsEntry("mock-port", "9")
        .containsEntry("strict", "true")
        .containsEntry("channels", "A,B")
        .containsEntry("grace", "2");
    assertThat(result.config().port()).isEqualTo(1);
  }

  @Test
  void readsExtrasFromAnycableVariablesWithFlagsWinning() throws Exception {
    assertThat(parse(Map.of("ANYCABLE_STUBS", "env.yml", "ANYCABLE_MOCK_PORT", "7")).extras())
        .containsEntry("stubs", "env.yml")
        .containsEntry("mock-port", "7");
    assertThat(parse(Map.of("ANYCABLE_STUBS", "env.yml"), "--stubs=flag.yml").extras())
        .containsEntry("stubs", "flag.yml");
  }

  @Test
  void namesTheFlagOrVariableForABadExtraValue() {
    assertThatThrownBy(() -> parse(Map.of(), "--mock-port=x"))
        .isInstanceOf(OptionsException.class)
        .hasMessage("--mock-port=x: expected an integer");
    assertThatThrownBy(() -> parse(Map.of("ANYCABLE_STRICT", "sure")))
        .isInstanceOf(OptionsException.class)
        .hasMessage("ANYCABLE_STRICT=sure: expected true or false");
  }

  @Test
  void anExtraTakesOverAnUnimplementedAnycableGoFlagAndItsVariables() throws Exception {
    List<Extra> extras = List.of(new Extra("nats_servers", "string", null, "NATS"));
    CableOptions.Result flag =
        CableOptions.parse(List.of("--nats-servers=nats://a:4222"), Map.of(), extras);
    assertThat(flag.warnings()).isEmpty();
    assertThat(flag.extras()).containsEntry("nats_servers", "nats://a:4222");
    assertThat(CableOptions.parse(List.of(), Map.of("ANYCABLE_NATS_SERVERS", "nats://b:4222"), extras).extras())
        .containsEntry("nats_servers", "nats://b:4222");
  }

  @Test
  void rejectsExtrasThatClashOrAreMalformed() {
    assertThatThrownBy(() -> CableOptions.parse(List.of(), Map.of(), List.of(new Extra("port", "int", "1", ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra option port is already a server option");
    assertThatThrownBy(() -> CableOptions.usage(List.of(new Extra("log-level", "string", null, ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra option log-level is already a server option");
    assertThatThrownBy(() -> CableOptions.usage(List.of(new Extra("a", "float", null, ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "extra option a: type must be one of [string, int, bool, list, duration-seconds, duration-ms], got float");
    assertThatThrownBy(() -> CableOptions.usage(List.of(new Extra("--a", "string", null, ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra option name \"--a\" is not a flag name");
    assertThatThrownBy(
            () -> CableOptions.usage(List.of(new Extra("a-b", "string", null, ""), new Extra("a_b", "int", null, ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extra option a_b is declared twice");
  }

  @Test
  void resultsAreUnmodifiable() throws Exception {
    CableOptions.Result result = parse(Map.of(), "--jwt_secret=x");
    assertThatThrownBy(() -> result.warnings().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> result.extras().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
