package io.cablekit.mock.internal.admin;

import io.cablekit.server.internal.http.Secrets;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who may use the admin API: loopback clients unless remote access is allowed, and, with a token,
 * only requests carrying {@code Authorization: Bearer <token>} (compared in constant time).
 *
 * @param token the required Bearer token, or null (or empty) for none
 * @param allowRemote whether clients other than loopback are served
 */
public record Access(String token, boolean allowRemote) {
  /** Why a request is refused: HTTP status and message. */
  public record Denial(int status, String message) {}

  public Access {
    token = token == null || token.isEmpty() ? null : token;
  }

  /** Null when the request may proceed, else why not (403 before 401: a remote client learns nothing about tokens). */
  public Denial check(SocketAddress remote, String authorization) {
    if (!allowRemote && !isLoopback(remote)) {
      return new Denial(403, "the admin API serves loopback clients only, and this request came from "
          + describe(remote) + "; allow remote admin access to reach it from elsewhere");
    }
    if (token != null && !Secrets.matches(token, Secrets.bearer(authorization))) {
      return new Denial(401, authorization == null
          ? "the admin API needs a token: send Authorization: Bearer <token>"
          : "wrong admin token in the Authorization header");
    }
    return null;
  }

  /** Whether {@code remote} is a loopback address (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
  public static boolean isLoopback(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress();
  }

  private static String describe(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : String.valueOf(remote);
  }
}
