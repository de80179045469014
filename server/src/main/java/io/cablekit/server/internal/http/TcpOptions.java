package io.cablekit.server.internal.http;

import io.helidon.common.socket.SocketOptions;

/** Socket options every CableKit listener uses: the WebSocket server, broadcasts, metrics, the mock. */
public final class TcpOptions {
  private TcpOptions() {}

  /**
   * Small frames go out at once, as with anycable-go (Go sets TCP_NODELAY on every connection).
   * With Nagle's algorithm a small write that follows one not yet acknowledged waits for the
   * peer's delayed ACK, about 40 ms: every perform through the mock RPC paid that.
   */
  public static void noDelay(SocketOptions.Builder options) {
    options.tcpNoDelay(true);
  }
}
