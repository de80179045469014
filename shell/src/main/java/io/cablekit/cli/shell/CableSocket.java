package io.cablekit.cli.shell;

import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One named WebSocket of the shell: its frames, its subscriptions and their answers, the current
 * subscription, and the stream positions seen (for {@code history}). One virtual thread reads;
 * commands run on the shell's thread. Thread-safe.
 */
final class CableSocket implements AutoCloseable {
  static final Duration HANDSHAKE = Duration.ofSeconds(5);

  /** What the server answered to a subscribe. */
  enum Answer { PENDING, CONFIRMED, REJECTED }

  /** Sees every frame and the close, on the reader thread, before waiting commands do. */
  interface Listener {
    void frame(CableSocket socket, Frame frame);

    void closed(CableSocket socket, WsEvent.Closed closed);
  }

  private final String name;
  private final ConnectSpec spec;
  private final WebSocketClient ws;
  private final FrameLog log = new FrameLog();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Answer> subscriptions = new LinkedHashMap<>();
  private final Map<String, Map<String, StreamPosition>> positions = new LinkedHashMap<>();
  private String current;
  private volatile String sid;
  private volatile Frame disconnect;
  private volatile WsEvent.Closed closed;
  private final java.util.concurrent.atomic.AtomicBoolean closeReported = new java.util.concurrent.atomic.AtomicBoolean();

  /** The last position seen on a stream (PROTOCOL.md 3.6.1). */
  record StreamPosition(String stream, String epoch, long offset) {}

  private CableSocket(String name, ConnectSpec spec, WebSocketClient ws) {
    this.name = name;
    this.spec = spec;
    this.ws = ws;
  }

  /** Connects and starts reading; does not wait for the welcome. */
  static CableSocket open(String name, ConnectSpec spec, Listener listener) throws ShellException {
    WebSocketClient ws;
    try {
      ws = WebSocketClient.connect(spec.fullUrl(), spec.requestHeaders(), spec.protocols(), HANDSHAKE);
    } catch (IOException e) {
      throw Urls.connectFailure(spec.fullUrl(), e);
    } catch (IllegalArgumentException e) {
      throw new ShellException("cannot connect to " + spec.fullUrl() + ": " + e.getMessage());
    }
    CableSocket socket = new CableSocket(name, spec, ws);
    Thread.ofVirtual().name("shell-socket-" + name).start(() -> socket.read(listener));
    return socket;
  }

  private void read(Listener listener) {
    long seq = 0;
    try {
      while (true) {
        WsEvent event = ws.next(Duration.ofHours(1));
        if (event instanceof WsEvent.Text t) {
          Frame frame = Frame.of(seq++, Instant.now(), t.text());
          track(frame);
          listener.frame(this, frame);
          log.add(frame);
        } else if (event instanceof WsEvent.Closed c) {
          closed = c;
          listener.closed(this, c);
          log.close();
          return;
        }
      }
    } catch (InterruptedException e) {
      log.close();
    }
  }

  private void track(Frame frame) {
    switch (frame.type()) {
      case "welcome" -> sid = frame.json().path("sid").asText(null);
      case "disconnect" -> disconnect = frame;
      case "confirm_subscription" -> answer(frame.identifier(), Answer.CONFIRMED);
      case "reject_subscription" -> answer(frame.identifier(), Answer.REJECTED);
      default -> {
        if (frame.json().hasNonNull("stream_id") && frame.json().has("offset")) {
          lock.lock();
          try {
            positions.computeIfAbsent(frame.identifier(), k -> new LinkedHashMap<>())
                .put(frame.json().path("stream_id").asText(), new StreamPosition(
                    frame.json().path("stream_id").asText(), frame.json().path("epoch").asText(""), frame.json().path("offset").asLong()));
          } finally {
            lock.unlock();
          }
        }
      }
    }
  }

  private void answer(String identifier, Answer answer) {
    lock.lock();
    try {
      if (subscriptions.containsKey(identifier)) {
        subscriptions.put(identifier, answer);
      }
      if (answer == Answer.REJECTED && identifier.equals(current)) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  String name() {
    return name;
  }

  ConnectSpec spec() {
    return spec;
  }

  /** The sub-protocol the server selected, or null when it selected none. */
  String protocol() {
    return ws.protocol();
  }

  /** The sid of the welcome, or null before it. */
  String sid() {
    return sid;
  }

  FrameLog log() {
    return log;
  }

  /** The last {@code disconnect} frame, or null. */
  Frame disconnectFrame() {
    return disconnect;
  }

  /** How the connection ended, or null while it is open. */
  WsEvent.Closed closed() {
    return closed;
  }

  /** True the first time it is called after the connection ended: its end is shown once. */
  boolean claimCloseReport() {
    return closed != null && closeReported.compareAndSet(false, true);
  }

  boolean isOpen() {
    return closed == null;
  }

  /** Sends a text frame. */
  void send(String text) throws ShellException {
    if (!isOpen()) {
      throw new ShellException(name + " is closed (" + Renderer.closeReason(this, closed) + "); connect again");
    }
    try {
      ws.sendText(text);
    } catch (IOException e) {
      throw new ShellException(name + ": send failed, the connection is gone (" + e.getMessage() + ")");
    }
  }

  /** Records a subscribe about to be sent and makes it the current subscription. */
  void subscribing(String identifier) {
    lock.lock();
    try {
      subscriptions.put(identifier, Answer.PENDING);
      current = identifier;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a subscription; the latest remaining one becomes current. */
  void unsubscribed(String identifier) {
    lock.lock();
    try {
      subscriptions.remove(identifier);
      positions.remove(identifier);
      if (identifier.equals(current)) {
        current = null;
        subscriptions.forEach((id, a) -> {
          if (a != Answer.REJECTED) {
            current = id;
          }
        });
      }
    } finally {
      lock.unlock();
    }
  }

  /** The subscriptions in the order they were made, with their answers. */
  Map<String, Answer> subscriptions() {
    lock.lock();
    try {
      return new LinkedHashMap<>(subscriptions);
    } finally {
      lock.unlock();
    }
  }

  /** The subscription commands go to by default, or null. */
  String current() {
    lock.lock();
    try {
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** The last positions seen for an identifier's streams. */
  List<StreamPosition> positions(String identifier) {
    lock.lock();
    try {
      return new ArrayList<>(positions.getOrDefault(identifier, Map.of()).values());
    } finally {
      lock.unlock();
    }
  }

  /** Sends a normal close; the reader thread reports the end. */
  @Override
  public void close() {
    ws.close();
  }
}
