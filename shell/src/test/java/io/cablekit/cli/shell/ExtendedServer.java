package io.cablekit.cli.shell;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection WebSocket server that accepts {@code actioncable-v1-ext-json} (CableKit's
 * server does not speak it yet): it welcomes, sends what the test asks and keeps every frame the
 * client sent, to check the shell's whisper and history frames (PROTOCOL.md 3.6).
 */
final class ExtendedServer implements AutoCloseable {
  private final ServerSocket listener;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private volatile Socket socket;

  ExtendedServer() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::serve);
  }

  String url() {
    return "ws://127.0.0.1:" + listener.getLocalPort() + "/cable";
  }

  private void serve() {
    try {
      socket = listener.accept();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String key = null;
      String line;
      while (!(line = readLine(in)).isEmpty()) {
        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
      socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: actioncable-v1-ext-json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      send("{\"type\":\"welcome\",\"sid\":\"ext-1\"}");
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0 || (b0 & 0x0F) == 0x8) {
          return;
        }
        int len = b1 & 0x7F;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(len);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        received.add(text);
        if (text.contains("\"subscribe\"")) {
          String id = text.substring(text.indexOf("\"identifier\":") + 13, text.length() - 1);
          send("{\"identifier\":" + id + ",\"type\":\"confirm_subscription\"}");
        }
      }
    } catch (Exception e) {
      // the test is over
    }
  }

  /** Sends an unmasked text frame. */
  void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    frame.write(payload);
    OutputStream out = socket.getOutputStream();
    synchronized (this) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  /** The next frame the client sent whose text contains {@code marker}. */
  String awaitFrame(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("the client sent no frame containing " + marker);
      }
      if (next.contains(marker)) {
        return next;
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder out = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    if (socket != null) {
      socket.close();
    }
  }
}
