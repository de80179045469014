package io.cablekit.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small RFC 6455 client over a plain socket, with full control of what goes on the wire:
 * headers, offered sub-protocols, and raw frames (fragmented, binary, oversized) for protocol
 * tests. Incoming messages are queued as {@link WsEvent}s and read with {@link #next(Duration)};
 * listeners see them as they arrive. Pings are answered automatically.
 *
 * <p>Thread-safe: one virtual thread reads; sends hold a lock that does not pin.
 */
public final class WebSocketClient implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CONTINUATION = 0x0;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String protocol;
  private final Map<String, List<String>> responseHeaders;
  private final LinkedBlockingQueue<WsEvent> events = new LinkedBlockingQueue<>();
  private final List<Consumer<WsEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closeSent;
  private volatile WsEvent.Closed closed;

  private WebSocketClient(Socket socket, InputStream in, String protocol, Map<String, List<String>> headers)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.protocol = protocol;
    this.responseHeaders = headers;
    Thread.ofVirtual().name("ws-client-reader").start(this::readLoop);
  }

  /** Opens a connection with no extra headers and no sub-protocol. */
  public static WebSocketClient connect(URI uri) throws IOException {
    return connect(uri, Map.of(), List.of(), Duration.ofSeconds(5));
  }

  /**
   * Opens a connection and completes the upgrade handshake.
   *
   * @param uri {@code ws://} or {@code wss://} URL
   * @param headers extra request headers (Cookie, Origin, X-Request-ID, ...)
   * @param protocols sub-protocols to offer, in preference order; empty offers none
   * @throws HandshakeException when the server does not answer 101
   */
  public static WebSocketClient connect(
      URI uri, Map<String, String> headers, List<String> protocols, Duration timeout) throws IOException {
    boolean tls = "wss".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      String key = Base64.getEncoder().encodeToString(randomBytes(16));
      StringBuilder request = new StringBuilder("GET ")
          .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
      if (uri.getRawQuery() != null) {
        request.append('?').append(uri.getRawQuery());
      }
      request.append(" HTTP/1.1\r\n");
      Map<String, String> all = new LinkedHashMap<>();
      all.put("Host", uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
      all.put("Upgrade", "websocket");
      all.put("Connection", "Upgrade");
      all.put("Sec-WebSocket-Key", key);
      all.put("Sec-WebSocket-Version", "13");
      if (!protocols.isEmpty()) {
        all.put("Sec-WebSocket-Protocol", String.join(", ", protocols));
      }
      all.putAll(headers);
      all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();

      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = readLine(in);
      String[] parts = statusLine.split(" ", 3);
      int status = parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
      Map<String, List<String>> responseHeaders = readHeaders(in);
      if (status != 101) {
        String body = readBody(in, responseHeaders);
        throw new HandshakeException(status, responseHeaders, body);
      }
      String accept = first(responseHeaders, "sec-websocket-accept");
      if (!expectedAccept(key).equals(accept)) {
        throw new IOException("server sent a wrong Sec-WebSocket-Accept: " + accept);
      }
      socket.setSoTimeout(0);
      String chosen = first(responseHeaders, "sec-websocket-protocol");
      return new WebSocketClient(socket, in, chosen, responseHeaders);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The sub-protocol the server selected, or null. */
  public String protocol() {
    return protocol;
  }

  /** Upgrade response headers, names lower-case. */
  public Map<String, List<String>> responseHeaders() {
    return responseHeaders;
  }

  /** Calls {@code listener} for each event from now on, on the reader thread. */
  public void onEvent(Consumer<WsEvent> listener) {
    listeners.add(listener);
  }

  /** Blocks up to {@code timeout} for the next event; returns null if none arrived. */
  public WsEvent next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Returns the next event if one is queued, else null. */
  public WsEvent poll() {
    return events.poll();
  }

  /** The close event once the connection ended, else null. */
  public WsEvent.Closed closed() {
    return closed;
  }

  /** Sends a text message. */
  public void sendText(String text) throws IOException {
    sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a binary message. */
  public void sendBinary(byte[] bytes) throws IOException {
    sendFrame(BINARY, true, bytes);
  }

  /** Sends a ping control frame. */
  public void sendPing(byte[] payload) throws IOException {
    sendFrame(PING, true, payload);
  }

  /** Sends a close frame with a code and reason; the server's answer arrives as {@link WsEvent.Closed}. */
  public void sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + r.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, r.length);
    closeSent = true;
    sendFrame(CLOSE, true, payload);
  }

  /** Sends one masked frame exactly as given (any opcode, fin bit, payload). */
  public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
    byte[] mask = randomBytes(4);
    int len = payload.length;
    ByteArrayOutputStream frame = new ByteArrayOutputStream(len + 14);
    frame.write((fin ? 0x80 : 0) | (opcode & 0x0F));
    if (len < 126) {
      frame.write(0x80 | len);
    } else if (len < 65536) {
      frame.write(0x80 | 126);
      frame.write(len >>> 8);
      frame.write(len);
    } else {
      frame.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) ((long) len >>> (8 * i)));
      }
    }
    frame.write(mask, 0, 4);
    for (int i = 0; i < len; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    writeRaw(frame.toByteArray());
  }

  /** Writes raw bytes to the socket (for malformed-frame tests). */
  public void writeRaw(byte[] bytes) throws IOException {
    writeLock.lock();
    try {
      out.write(bytes);
      out.flush();
    } finally {
      writeLock.unlock();
    }
  }

  /** Whether the connection has ended. */
  public boolean isClosed() {
    return closed != null;
  }

  /** Sends a normal close (if not yet sent) and closes the socket. */
  @Override
  public void close() {
    try {
      if (!closeSent && closed == null) {
        sendClose(1000, "");
      }
    } catch (IOException e) {
      // the socket is gone already
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void readLoop() {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageType = -1;
    try {
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          throw new EOFException();
        }
        int b1 = readByte();
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        long len = b1 & 0x7F;
        if (len == 126) {
          len = (readByte() << 8) | readByte();
        } else if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | readByte();
          }
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
          throw new EOFException();
        }
        switch (opcode) {
          case TEXT, BINARY, CONTINUATION -> {
            if (opcode != CONTINUATION) {
              messageType = opcode;
              message.reset();
            }
            message.write(payload);
            if (fin) {
              emit(messageType == TEXT
                  ? new WsEvent.Text(message.toString(StandardCharsets.UTF_8))
                  : new WsEvent.Binary(message.toByteArray()));
              message.reset();
            }
          }
          case PING -> {
            emit(new WsEvent.Ping(payload));
            sendFrame(PONG, true, payload);
          }
          case PONG -> emit(new WsEvent.Pong(payload));
          case CLOSE -> {
            int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
            boolean byServer = !closeSent;
            if (byServer) {
              try {
                closeSent = true;
                sendFrame(CLOSE, true, payload.length >= 2 && code != 1006 && code != 1005 ? new byte[] {payload[0], payload[1]} : new byte[] {0x03, (byte) 0xE8});
              } catch (IOException e) {
                // the server may already have closed the socket
              }
            }
            finish(new WsEvent.Closed(code, reason, byServer));
            return;
          }
          default -> throw new IOException("unknown opcode " + opcode);
        }
      }
    } catch (IOException e) {
      finish(new WsEvent.Closed(1006, "", false));
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  private void finish(WsEvent.Closed event) {
    if (closed != null) {
      return;
    }
    closed = event;
    emit(event);
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void emit(WsEvent event) {
    events.add(event);
    for (Consumer<WsEvent> listener : listeners) {
      listener.accept(event);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String expectedAccept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new EOFException("connection closed during the WebSocket handshake");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static String readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
    String length = first(headers, "content-length");
    if (length == null) {
      return "";
    }
    int n = Integer.parseInt(length.strip());
    return new String(in.readNBytes(Math.min(n, 64 * 1024)), StandardCharsets.UTF_8);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
