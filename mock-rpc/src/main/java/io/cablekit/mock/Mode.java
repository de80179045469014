package io.cablekit.mock;

/** What the mock answers when no stub matches a subscribe or perform. */
public enum Mode {
  /**
   * Tests: the call is recorded as unmatched and answered with status ERROR (the client sees
   * nothing, as with an unknown channel in Rails); the testkit fails the test with the near-miss
   * report.
   */
  STRICT,
  /**
   * Local development, while no stub is loaded: every subscription is confirmed and streams from
   * a name derived from its identifier ({@code ChatChannel:room=42}); every perform broadcasts its
   * data to that stream. A chat works with zero configuration.
   */
  PERMISSIVE
}
