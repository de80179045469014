package io.cablekit.testkit;

/** How broadcasts made by the test (and by the mock's stubs) reach the server. */
public enum Broadcasting {
  /** {@code CableServer.broadcast}: no network hop. */
  IN_PROCESS,
  /** {@code POST /_broadcast}: the path an application's HTTP broadcaster takes. */
  HTTP,
  /**
   * {@code PUBLISH __anycable__} on an embedded Redis the testkit starts: the Ruby {@code redis}
   * broadcast adapter's path.
   */
  REDIS,
  /** {@code XADD __anycable__ * payload ...} on an embedded Redis: the {@code redisx} adapter's path. */
  REDISX
}
