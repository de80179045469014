package io.cablekit.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that completes the upgrade and then never reads or answers anything: a
 * stalled or very slow peer.
 */
public final class SilentSocket implements AutoCloseable {
  private final Socket socket;

  private SilentSocket(Socket socket) {
    this.socket = socket;
  }

  public static SilentSocket open(URI url) throws IOException {
    Socket socket = new Socket(url.getHost(), url.getPort());
    socket.setReceiveBufferSize(4096);
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    String request =
        "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    // read exactly the response head, then stop reading for good
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake");
      }
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return new SilentSocket(socket);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
