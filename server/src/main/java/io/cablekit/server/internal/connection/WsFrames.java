package io.cablekit.server.internal.connection;

import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client WebSocket frames (RFC 6455 5.2). Server frames are unmasked, so one
 * encoded frame can be written to any number of connections: a broadcast is encoded once.
 */
public final class WsFrames {
  private static final int FIN = 0x80;
  private static final int TEXT = 0x1;
  private static final int CLOSE = 0x8;
  private static final int PONG = 0xA;

  private WsFrames() {}

  /** A final text frame carrying {@code text}. */
  public static byte[] text(String text) {
    return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A close frame. Codes are written as given, 1006 included: anycable-go sends 1006 for a
   * Command reply with {@code disconnect: true} (PROTOCOL.md 3.5).
   */
  public static byte[] close(int code, String reason) {
    byte[] reasonBytes = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    int reasonLength = Math.min(reasonBytes.length, 123);
    byte[] payload = new byte[2 + reasonLength];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(reasonBytes, 0, payload, 2, reasonLength);
    return frame(CLOSE, payload);
  }

  /** A pong control frame echoing a ping's payload. */
  public static byte[] pong(byte[] payload) {
    return frame(PONG, payload);
  }

  private static byte[] frame(int opcode, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    byte[] out = new byte[header + length];
    out[0] = (byte) (FIN | opcode);
    if (length < 126) {
      out[1] = (byte) length;
    } else if (length < 65536) {
      out[1] = 126;
      out[2] = (byte) (length >>> 8);
      out[3] = (byte) length;
    } else {
      out[1] = 127;
      long l = length;
      for (int i = 0; i < 8; i++) {
        out[2 + i] = (byte) (l >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, out, header, length);
    return out;
  }
}
