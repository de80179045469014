package io.cablekit.server.internal.session;

/** Reasons in {@code {"type":"disconnect"}} frames the server generates (PROTOCOL.md 3.2). */
public final class DisconnectReasons {
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String SERVER_RESTART = "server_restart";
  public static final String REMOTE = "remote";
  public static final String TOO_SLOW = "too_slow";
  public static final String NO_PONG = "no_pong";

  private DisconnectReasons() {}
}
