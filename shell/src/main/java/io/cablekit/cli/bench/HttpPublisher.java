package io.cablekit.cli.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Broadcasts over HTTP: a {@code POST} on one keep-alive connection per broadcast, with the
 * AnyCable publication {@code {"stream":..,"data":"<payload>"}} as the body, or the payload
 * itself for a raw server. A plain socket, so that a request costs a write and a read.
 */
final class HttpPublisher implements Publisher {
  private final URI url;
  private final String key;
  private final String stream;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** @param stream the stream to publish to, or null to post the bare payload */
  HttpPublisher(URI url, String key, String stream) {
    this.url = url;
    this.key = key;
    this.stream = stream;
  }

  @Override
  public void publish(long seq) throws IOException {
    if (socket == null) {
      open();
    }
    String payload = Publisher.payload(seq);
    String body = stream == null
        ? payload
        : "{\"stream\":" + BenchOptions.quote(stream) + ",\"data\":" + BenchOptions.quote(payload) + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(200)
        .append("POST ").append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        .append(" HTTP/1.1\r\nHost: ").append(url.getHost()).append(':').append(port())
        .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
    if (key != null) {
      head.append("Authorization: Bearer ").append(key).append("\r\n");
    }
    head.append("\r\n");
    try {
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private int port() {
    return url.getPort() > 0 ? url.getPort() : 80;
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(url.getHost(), port()), 5_000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  private void readResponse() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    int code = parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    String line;
    while (!(line = line()).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    if (chunked) {
      long size;
      while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
        in.skipNBytes(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      in.skipNBytes(length);
    }
    if (closeAfter) {
      close();
    }
    if (code < 200 || code > 299) {
      throw new IOException("HTTP broadcast answered " + status);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      throw new IOException("the broadcast endpoint closed the connection");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to release
      }
      socket = null;
    }
  }
}
