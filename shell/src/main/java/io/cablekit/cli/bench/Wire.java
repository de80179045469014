package io.cablekit.cli.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Byte-level helpers of the load generator: the upgrade request, masked client frames (RFC 6455
 * 5.3) and a scan of server messages that reads the two numbers a delivery carries without
 * decoding it into strings.
 */
final class Wire {
  static final byte[] T_KEY = ascii("\"t\":");
  static final byte[] SEQ_KEY = ascii("\"seq\":");
  static final byte[] TYPE_KEY = ascii("\"type\":\"");
  static final byte[] HEADER_END = ascii("\r\n\r\n");
  static final long ABSENT = Long.MIN_VALUE;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Wire() {}

  /** The kinds of server message the bench reacts to. */
  enum Kind {
    WELCOME,
    CONFIRM,
    REJECT,
    DISCONNECT,
    PING,
    OTHER
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns the first index of {@code needle} in {@code a[from, to)}, or -1. */
  static int indexOf(byte[] a, int from, int to, byte[] needle) {
    byte first = needle[0];
    int last = to - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (a[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Returns the integer that follows {@code key} in {@code a[from, to)} (spaces allowed), or
   * {@link #ABSENT} when the key is missing or not followed by digits.
   */
  static long numberAfter(byte[] a, int from, int to, byte[] key) {
    int at = indexOf(a, from, to, key);
    if (at < 0) {
      return ABSENT;
    }
    int i = at + key.length;
    while (i < to && a[i] == ' ') {
      i++;
    }
    boolean negative = i < to && a[i] == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < to && a[i] >= '0' && a[i] <= '9' && digits < 18) {
      value = value * 10 + (a[i] - '0');
      i++;
      digits++;
    }
    if (digits == 0) {
      return ABSENT;
    }
    return negative ? -value : value;
  }

  /** Classifies an Action Cable server message that carries no timestamp by its {@code type}. */
  static Kind kind(byte[] a, int from, int to) {
    int at = indexOf(a, from, to, TYPE_KEY);
    if (at < 0) {
      return Kind.OTHER;
    }
    int start = at + TYPE_KEY.length;
    int end = start;
    while (end < to && a[end] != '"') {
      end++;
    }
    return switch (new String(a, start, end - start, StandardCharsets.US_ASCII)) {
      case "welcome" -> Kind.WELCOME;
      case "confirm_subscription" -> Kind.CONFIRM;
      case "reject_subscription" -> Kind.REJECT;
      case "disconnect" -> Kind.DISCONNECT;
      case "ping" -> Kind.PING;
      default -> Kind.OTHER;
    };
  }

  /** A masked, final client frame. */
  static byte[] clientFrame(int opcode, byte[] payload) {
    int len = payload.length;
    int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
    byte[] out = new byte[header + 4 + len];
    out[0] = (byte) (0x80 | opcode);
    if (len < 126) {
      out[1] = (byte) (0x80 | len);
    } else if (len < 65536) {
      out[1] = (byte) (0x80 | 126);
      out[2] = (byte) (len >>> 8);
      out[3] = (byte) len;
    } else {
      out[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        out[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
      }
    }
    int mask = ThreadLocalRandom.current().nextInt();
    for (int i = 0; i < 4; i++) {
      out[header + i] = (byte) (mask >>> (24 - 8 * i));
    }
    for (int i = 0; i < len; i++) {
      out[header + 4 + i] = (byte) (payload[i] ^ out[header + (i & 3)]);
    }
    return out;
  }

  static byte[] textFrame(String text) {
    return clientFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The upgrade request; offers {@code protocol} unless null. */
  static byte[] upgradeRequest(URI url, String key, String protocol) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder r = new StringBuilder(256)
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "").append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    if (protocol != null) {
      r.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
    }
    return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String newKey() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * Checks an upgrade response head (status line and headers, without the blank line); returns
   * null when it is a valid 101 for {@code key}, else what is wrong.
   */
  static String checkUpgrade(String head, String key) {
    int eol = head.indexOf("\r\n");
    String status = eol < 0 ? head : head.substring(0, eol);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[1].equals("101")) {
      return "upgrade refused: " + status;
    }
    String expected = accept(key);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("sec-websocket-accept")) {
        return line.substring(colon + 1).trim().equals(expected) ? null : "wrong Sec-WebSocket-Accept";
      }
    }
    return "no Sec-WebSocket-Accept";
  }

  static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
