package io.cablekit.cli.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Broadcasts through Redis {@code PUBLISH}, in one of two formats: AnyCable's (a publication
 * {@code {"stream":..,"data":..}} on {@code __anycable__}) or Action Cable's Redis adapter (the
 * message itself, on a channel named after the stream). RESP over a plain socket: no client
 * library needed.
 */
final class RedisPublisher implements Publisher {
  private final URI url;
  private final String channel;
  private final String stream;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** @param stream the stream of an AnyCable publication, or null to publish the bare message */
  RedisPublisher(URI url, String channel, String stream) throws IOException {
    this.url = url;
    this.channel = channel;
    this.stream = stream;
    open();
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379), 5_000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    String info = url.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String user = colon < 0 ? "" : URLDecoder.decode(info.substring(0, colon), StandardCharsets.UTF_8);
      String password = URLDecoder.decode(colon < 0 ? info : info.substring(colon + 1), StandardCharsets.UTF_8);
      if (user.isEmpty()) {
        command("AUTH", password);
      } else {
        command("AUTH", user, password);
      }
    }
    String path = url.getPath();
    if (path != null && path.length() > 1) {
      command("SELECT", path.substring(1));
    }
  }

  @Override
  public void publish(long seq) throws IOException {
    String payload = Publisher.payload(seq);
    String message = stream == null
        ? payload
        : "{\"stream\":" + BenchOptions.quote(stream) + ",\"data\":" + BenchOptions.quote(payload) + "}";
    command("PUBLISH", channel, message);
  }

  /** Sends a command and reads a one-line reply; an error reply throws. */
  String command(String... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(bytes);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(b.toByteArray());
    out.flush();
    ByteArrayOutputStream reply = new ByteArrayOutputStream(16);
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        reply.write(c);
      }
    }
    String r = reply.toString(StandardCharsets.UTF_8);
    if (c < 0 || r.startsWith("-")) {
      throw new IOException("Redis " + args[0] + " failed: " + (c < 0 ? "connection closed" : r));
    }
    return r;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to release
    }
  }
}
