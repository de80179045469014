package io.cablekit.cli.shell;

import java.time.Duration;

/** One thing that happened in a recorded session, in the order it happened. */
sealed interface Step {
  /**
   * A socket connected.
   *
   * @param welcomed whether the server welcomed it (else it was rejected or said nothing)
   */
  record Connected(String socket, ConnectSpec spec, String sid, boolean welcomed) implements Step {}

  /** A subscribe was sent; {@code answer} is what the server said before the shell went on. */
  record Subscribed(String socket, String identifier, CableSocket.Answer answer) implements Step {}

  /** A perform ({@code message} command) with its data as JSON text. */
  record Performed(String socket, String identifier, String data) implements Step {}

  record Unsubscribed(String socket, String identifier) implements Step {}

  /** A frame sent as is (whisper, history, raw). */
  record Sent(String socket, String frame) implements Step {}

  /** A broadcast through the server's endpoint; {@code data} is the JSON text. */
  record Broadcasted(String stream, String data) implements Step {}

  /**
   * An {@code expect} that was met.
   *
   * @param identifier the subscription whose message payload matched, or null when the whole
   *     frame matched
   */
  record Expected(String socket, String identifier, String pattern, Duration within) implements Step {}

  /** A frame that arrived, kept with {@code record start --assert-all}. */
  record Received(String socket, Frame frame) implements Step {}

  record Closed(String socket) implements Step {}
}
