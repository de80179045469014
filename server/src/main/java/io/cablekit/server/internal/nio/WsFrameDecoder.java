package io.cablekit.server.internal.nio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes client-to-server WebSocket frames (RFC 6455 5.2) incrementally: bytes may arrive split
 * at any offset, and every complete message or control frame goes to the {@link Listener}.
 *
 * <p>Memory is the point (docs/design-nio-transport.md): an idle decoder, between messages, holds
 * no array at all, only a few scalar fields; a partial header lives in those fields too. An array
 * exists only while a frame or a fragmented message is incomplete, sized by what its headers
 * declare (never more than {@code maxMessageSize}), and is handed to the listener or dropped when
 * done. Payload bytes are copied once, from the caller's buffer into that array, and unmasked in
 * place eight bytes at a time.
 *
 * <p>After {@link Listener#onProtocolError} or {@link Listener#onClose} the decoder is finished:
 * further input is consumed and ignored (a client must send nothing after its close frame). Not
 * thread-safe: one connection's bytes are fed by one thread at a time. An exception thrown by the
 * listener propagates out of {@link #feed} with the rest of the buffer unread.
 */
public final class WsFrameDecoder {

  /** Receives what the decoder finds, on the thread that calls {@link #feed}. */
  public interface Listener {
    /** A complete text message, de-fragmented and unmasked; its UTF-8 is not checked here. */
    void onText(byte[] payload);

    /** A complete binary message, de-fragmented and unmasked. */
    void onBinary(byte[] payload);

    void onPing(byte[] payload);

    void onPong(byte[] payload);

    /** A valid close frame; code 1005 and reason "" when it had no payload. The decoder is done. */
    void onClose(int code, String reason);

    /**
     * The input broke the protocol: close with {@code closeCode} (1002, 1007 for a close reason
     * that is not UTF-8, 1009 for a message over the size limit). The decoder is done.
     */
    void onProtocolError(int closeCode, String problem);
  }

  private static final int CONTINUATION = 0x0;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  private static final int FIN = 0x80;
  private static final int RSV = 0x70;
  private static final int MASKED = 0x80;

  /** The states of {@link #state}, in the order a frame goes through them. */
  private static final int FIRST_BYTE = 0;
  private static final int SECOND_BYTE = 1;
  private static final int EXTENDED_LENGTH = 2;
  private static final int MASKING_KEY = 3;
  private static final int PAYLOAD = 4;
  private static final int DONE = 5;

  private static final byte[] EMPTY = new byte[0];

  /** Unaligned long access to byte arrays in the platform's order, for unmasking. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final int maxMessageSize;
  private final Listener listener;

  private int state = FIRST_BYTE;
  /** The current frame's first byte: FIN, RSV and opcode. */
  private int head;
  /** Extended length or masking key bytes still to read. */
  private int pending;
  /** The current frame's payload length while its header is read, then its bytes still to read. */
  private long length;
  /** The masking key, rotated so that its most significant byte applies to the next payload byte. */
  private int mask;
  /** TEXT or BINARY while a message is open (its first frame read, its final frame not yet). */
  private int messageOpcode;
  /** The open message's bytes, null until it has any; may be longer than {@link #messageLength}. */
  private byte[] message;

  private int messageLength;
  /** The payload of the control frame being read, null between control frames. */
  private byte[] control;

  public WsFrameDecoder(int maxMessageSize, Listener listener) {
    if (maxMessageSize < 0) {
      throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Consumes every remaining byte of {@code bytes}, calling the listener for each complete message
   * and control frame among them. The buffer is not retained: what is still needed is copied.
   */
  public void feed(ByteBuffer bytes) {
    while (state != DONE && bytes.hasRemaining()) {
      switch (state) {
        case FIRST_BYTE -> firstByte(bytes.get());
        case SECOND_BYTE -> secondByte(bytes.get());
        case EXTENDED_LENGTH -> extendedLength(bytes.get());
        case MASKING_KEY -> maskingKey(bytes.get());
        default -> payload(bytes);
      }
    }
    if (state == DONE) {
      bytes.position(bytes.limit());
    }
  }

  /** Bytes held in arrays for an incomplete frame or message: 0 between messages. For tests. */
  int retainedBytes() {
    return (message == null ? 0 : message.length) + (control == null ? 0 : control.length);
  }

  private void firstByte(byte b) {
    if ((b & RSV) != 0) {
      fail(1002, "reserved bits set: " + ((b & RSV) >>> 4));
      return;
    }
    int opcode = b & 0x0F;
    switch (opcode) {
      case CONTINUATION -> {
        if (messageOpcode == 0) {
          fail(1002, "continuation frame without a message to continue");
          return;
        }
      }
      case TEXT, BINARY -> {
        if (messageOpcode != 0) {
          fail(1002, "new message before the fragmented one ended");
          return;
        }
      }
      case CLOSE, PING, PONG -> {
        if ((b & FIN) == 0) {
          fail(1002, "fragmented control frame");
          return;
        }
      }
      default -> {
        fail(1002, "reserved opcode " + opcode);
        return;
      }
    }
    head = b & 0xFF;
    state = SECOND_BYTE;
  }

  private void secondByte(byte b) {
    if ((b & MASKED) == 0) {
      fail(1002, "unmasked client frame");
      return;
    }
    int length7 = b & 0x7F;
    if (isControl() && length7 > 125) {
      fail(1002, "control frame payload over 125 bytes");
      return;
    }
    if (length7 < 126) {
      length = length7;
      lengthKnown();
    } else {
      length = 0;
      pending = length7 == 126 ? 2 : 8;
      state = EXTENDED_LENGTH;
    }
  }

  private void extendedLength(byte b) {
    length = length << 8 | (b & 0xFF);
    if (--pending == 0) {
      if (length < 0) {
        fail(1002, "64-bit payload length with the most significant bit set");
        return;
      }
      lengthKnown();
    }
  }

  /** Checks the size limit before anything is buffered, then reads the masking key. */
  private void lengthKnown() {
    if (!isControl() && messageLength + length > maxMessageSize) {
      fail(
          1009,
          "message of "
              + (messageLength == 0 ? "" : "at least ")
              + (messageLength + length)
              + " bytes exceeds the limit of "
              + maxMessageSize);
      return;
    }
    pending = 4;
    state = MASKING_KEY;
  }

  private void maskingKey(byte b) {
    mask = mask << 8 | (b & 0xFF);
    if (--pending == 0) {
      int size = (int) length;
      if (isControl()) {
        control = size == 0 ? EMPTY : new byte[size];
      } else {
        reserve(size);
      }
      state = PAYLOAD;
      if (size == 0) {
        frameDone();
      }
    }
  }

  /** Makes room for {@code size} more message bytes, doubling (up to the limit) when it grows. */
  private void reserve(int size) {
    int needed = messageLength + size;
    if (message == null) {
      if (needed > 0) {
        message = new byte[needed];
      }
    } else if (needed > message.length) {
      int doubled = (int) Math.min(maxMessageSize, 2L * message.length);
      message = Arrays.copyOf(message, Math.max(needed, doubled));
    }
  }

  private void payload(ByteBuffer bytes) {
    int n = (int) Math.min(length, bytes.remaining());
    byte[] target;
    int at;
    if (isControl()) {
      target = control;
      at = control.length - (int) length;
    } else {
      target = message;
      at = messageLength;
      messageLength += n;
    }
    bytes.get(target, at, n);
    unmask(target, at, n, mask);
    mask = Integer.rotateLeft(mask, (n & 3) << 3);
    length -= n;
    if (length == 0) {
      frameDone();
    }
  }

  private void frameDone() {
    state = FIRST_BYTE;
    int opcode = head & 0x0F;
    if (opcode == CLOSE || opcode == PING || opcode == PONG) {
      byte[] payload = control;
      control = null;
      switch (opcode) {
        case PING -> listener.onPing(payload);
        case PONG -> listener.onPong(payload);
        default -> closeFrame(payload);
      }
      return;
    }
    if (opcode != CONTINUATION) {
      messageOpcode = opcode;
    }
    if ((head & FIN) == 0) {
      return;
    }
    byte[] payload =
        message == null
            ? EMPTY
            : message.length == messageLength ? message : Arrays.copyOf(message, messageLength);
    int type = messageOpcode;
    message = null;
    messageLength = 0;
    messageOpcode = 0;
    if (type == TEXT) {
      listener.onText(payload);
    } else {
      listener.onBinary(payload);
    }
  }

  private void closeFrame(byte[] payload) {
    if (payload.length == 0) {
      finish();
      listener.onClose(1005, "");
      return;
    }
    if (payload.length == 1) {
      fail(1002, "close frame with a 1-byte payload");
      return;
    }
    int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
    if (!isValidCloseCode(code)) {
      fail(1002, "invalid close code " + code);
      return;
    }
    String reason;
    try {
      reason =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
              .toString();
    } catch (CharacterCodingException e) {
      fail(1007, "close reason is not valid UTF-8");
      return;
    }
    finish();
    listener.onClose(code, reason);
  }

  /** RFC 6455 7.4: the codes an endpoint may send in a close frame. */
  static boolean isValidCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  private boolean isControl() {
    return (head & 0x08) != 0;
  }

  private void fail(int closeCode, String problem) {
    finish();
    listener.onProtocolError(closeCode, problem);
  }

  private void finish() {
    state = DONE;
    message = null;
    control = null;
    messageLength = 0;
    messageOpcode = 0;
  }

  /**
   * XORs {@code n} bytes of {@code b} from {@code from} with the masking key, whose most
   * significant byte applies to {@code b[from]}: a long at a time, then byte by byte.
   */
  static void unmask(byte[] b, int from, int n, int mask) {
    int i = from;
    int end = from + n;
    if (n >= 8) {
      int ordered = LITTLE_ENDIAN ? Integer.reverseBytes(mask) : mask;
      long key = (long) ordered << 32 | (ordered & 0xFFFFFFFFL);
      for (int last = end - 8; i <= last; i += 8) {
        LONGS.set(b, i, (long) LONGS.get(b, i) ^ key);
      }
    }
    for (; i < end; i++) {
      b[i] ^= (byte) (mask >>> 24);
      mask = Integer.rotateLeft(mask, 8);
    }
  }
}
