package io.cablekit.server.internal.session;

/** WebSocket close codes and reasons the server uses (PROTOCOL.md 3.5). */
public final class CloseCodes {
  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;
  public static final int PROTOCOL_ERROR = 1002;
  public static final int ABNORMAL = 1006;
  public static final int INVALID_PAYLOAD = 1007;
  public static final int MESSAGE_TOO_BIG = 1009;
  public static final int INTERNAL_ERROR = 1011;

  public static final String AUTH_FAILED = "Auth Failed";
  public static final String AUTH_ERROR = "Auth Error";
  public static final String COMMAND_FAILED = "Command Failed";
  public static final String CLOSED_REMOTELY = "Closed remotely";
  public static final String SERVER_RESTART = "Server restart";
  public static final String TOO_SLOW = "Too slow";
  public static final String NO_PONG = "No Pong";
  public static final String READ_FAILED = "Read failed";

  private CloseCodes() {}
}
