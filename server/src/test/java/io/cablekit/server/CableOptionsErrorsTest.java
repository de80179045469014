package io.cablekit.server;

import static io.cablekit.server.CableOptionsTest.parse;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown flags, bad values and invalid configurations. */
class CableOptionsErrorsTest {
  static void fails(String message, String... args) {
    assertThatThrownBy(() -> parse(args)).isInstanceOf(OptionsException.class).hasMessage(message);
  }

  @Test
  void namesTheClosestKnownFlagForAnUnknownOne() {
    fails("unknown flag --rpc_hots; did you mean --rpc_host?", "--rpc_hots=x");
    fails("unknown flag -prot; did you mean --port?", "-prot", "1");
    fails("unknown flag --helth-path; did you mean --health-path?", "--helth-path=/up");
  }

  @Test
  void suggestsUnimplementedAnycableGoFlagsToo() {
    fails("unknown flag --jwt_secrt; did you mean --jwt_secret?", "--jwt_secrt=x");
  }

  @Test
  void suggestsTheCallersExtras() {
    assertThatThrownBy(
            () ->
                CableOptions.parse(
                    List.of("--stbus=a.yml"), Map.of(), List.of(new CableOptions.Extra("stubs", "string", null, ""))))
        .isInstanceOf(OptionsException.class)
        .hasMessage("unknown flag --stbus; did you mean --stubs?");
  }

  @Test
  void pointsToHelpWhenNoKnownFlagIsClose() {
    fails("unknown flag --xyz; run with --help to list the options", "--xyz");
    fails("unknown flag --completely_unrelated; run with --help to list the options", "--completely_unrelated=1");
  }

  @Test
  void reportsAnUnknownFlagBeforeAnyBadValue() {
    fails("unknown flag --xyz; run with --help to list the options", "--port=abc", "--xyz");
  }

  @Test
  void namesTheFlagAndTheProblemForABadValue() {
    fails("--port=abc: expected an integer", "--port=abc");
    fails("-port=abc: expected an integer", "-port", "abc");
    fails("--port=: expected an integer", "--port=");
    fails("--disconnect_mode=sometimes: expected auto, always or never", "--disconnect_mode=sometimes");
    fails("--noauth=maybe: expected true or false", "--noauth=maybe");
    fails("--ping_interval=1.5: expected an integer number of seconds", "--ping_interval=1.5");
    fails("--rpc_command_timeout=3s: expected an integer number of milliseconds", "--rpc_command_timeout=3s");
    fails("--log_level=verbose: expected debug, info, warn or error", "--log_level=verbose");
    fails("--log_format=xml: expected text or json", "--log_format=xml");
  }

  @Test
  void keepsTheMessageOfAnInvalidConfiguration() {
    fails("port: 70000 is not a port number (0-65535)", "--port=70000");
    fails("path: \"cable\" must start with /", "--path=cable");
    fails("path: at least one WebSocket path is required", "--path=,");
    fails("pingTimestampPrecision: expected s, ms or ns, got \"us\"", "--ping_timestamp_precision=us");
    fails("maxMessageSize: must be positive, got 0", "--max_message_size=0");
  }

  @Test
  void wrapsTheConfigurationErrorAsTheCause() {
    assertThatThrownBy(() -> parse("--port=70000")).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saysWhenAFlagAtTheEndHasNoValue() {
    fails("--port needs a value", "--port");
    fails("-rpc-host needs a value", "-rpc-host");
    fails("--jwt_secret needs a value", "--port=1", "--jwt_secret");
  }

  @Test
  void rejectsArgumentsThatAreNotFlags() {
    fails("unexpected argument \"serve\"; options are written --name=value", "serve");
    fails("unexpected argument \"-\"; options are written --name=value", "-");
    fails("unexpected argument \"false\"; a bool flag takes its value after =, as in --noauth=false", "--noauth", "false");
  }

  @Test
  void rejectsMalformedFlags() {
    fails("bad flag syntax: ---port=1", "---port=1");
    fails("bad flag syntax: --", "--");
    fails("bad flag syntax: --=1", "--=1");
  }
}
