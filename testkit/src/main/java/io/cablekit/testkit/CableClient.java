package io.cablekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.client.HandshakeException;
import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.Json;
import io.cablekit.server.CableServer;
import io.cablekit.server.SessionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real WebSocket client speaking the Action Cable protocol to a test server. Every frame it
 * receives is kept, so assertions can show what arrived. Every wait has a timeout and none sleeps.
 * Thread-safe.
 */
public final class CableClient implements AutoCloseable {
  /** The default wait of the {@code await...} methods without a timeout. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final WebSocketClient ws;
  private final FrameLog log = new FrameLog();
  private final CableServer server;
  private volatile CloseInfo closeInfo;
  private final java.util.Set<Object> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private CableClient(WebSocketClient ws, CableServer server) {
    this.ws = ws;
    this.server = server;
    ws.onEvent(this::onEvent);
    // events that arrived between the handshake and the listener
    WsEvent e;
    while ((e = ws.poll()) != null) {
      onEvent(e);
    }
  }

  static CableClient open(java.net.URI url, ConnectOptions options, CableServer server) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(options.headers());
    if (!options.cookies().isEmpty()) {
      StringBuilder cookie = new StringBuilder();
      options.cookies().forEach((k, v) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(k).append('=').append(v));
      headers.put("Cookie", cookie.toString());
    }
    try {
      return new CableClient(WebSocketClient.connect(url, headers, options.protocols(), DEFAULT_WAIT), server);
    } catch (HandshakeException e) {
      throw new AssertionError("WebSocket upgrade to " + url + " refused with HTTP " + e.status()
          + (e.body().isBlank() ? "" : ": " + e.body().strip()), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + url, e);
    }
  }

  private void onEvent(WsEvent event) {
    switch (event) {
      case WsEvent.Text t -> log.add(t.text());
      case WsEvent.Closed c -> {
        Frame disconnect = lastOfType("disconnect");
        closeInfo =
            new CloseInfo(
                c.code(),
                c.reason(),
                disconnect == null ? null : disconnect.json().path("reason").asText(null),
                disconnect == null ? null : disconnect.json().path("reconnect").asBoolean());
        log.close();
      }
      default -> {}
    }
  }

  private Frame lastOfType(String type) {
    List<Frame> all = log.all();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).type().equals(type)) {
        return all.get(i);
      }
    }
    return null;
  }

  // ---- connection ----

  /** Waits for the {@code welcome} frame and returns it; fails with what arrived instead. */
  public Frame awaitWelcome() {
    return awaitWelcome(DEFAULT_WAIT);
  }

  public Frame awaitWelcome(Duration timeout) {
    Frame welcome = log.await(0, f -> f.type().equals("welcome"), timeout);
    if (welcome == null) {
      throw new AssertionError(Reports.noFrame("a welcome", timeout, this));
    }
    return welcome;
  }

  /** The sid from the welcome (waits for it). */
  public String sid() {
    return awaitWelcome().json().path("sid").asText();
  }

  /** The sub-protocol the server selected, or null. */
  public String protocol() {
    return ws.protocol();
  }

  /** Upgrade response headers (lower-case names). */
  public Map<String, List<String>> responseHeaders() {
    return ws.responseHeaders();
  }

  /** The server this client is connected to. */
  public CableServer server() {
    return server;
  }

  /** What the server holds for this connection, looked up by sid; empty once it is gone. */
  public Optional<SessionInfo> session() {
    if (server == null) {
      return Optional.empty();
    }
    return server.session(sid());
  }

  // ---- channels ----

  /** Sends {@code subscribe} for {@code channel} with params; returns at once. */
  public Subscription subscribe(String channel) {
    return subscribe(channel, Map.of());
  }

  /** Sends {@code subscribe} with the identifier {@code {"channel":...,<params in key order>}}. */
  public Subscription subscribe(String channel, Map<String, ?> params) {
    Map<String, Object> id = new java.util.LinkedHashMap<>();
    id.put("channel", channel);
    id.putAll(new TreeMap<>(params));
    return subscribeIdentifier(Json.MAPPER.valueToTree(id).toString());
  }

  /** Sends {@code subscribe} with an identifier string exactly as given. */
  public Subscription subscribeIdentifier(String identifier) {
    long mark = log.size();
    send(ClientCommands.encode(new ClientCommand.Subscribe(identifier)));
    return new Subscription(this, identifier, mark);
  }

  /**
   * Returns once the server has handled every frame this client sent before: it sends a {@code
   * ping} command and waits for the {@code pong}. The server handles a connection's frames
   * strictly in order, so after this the replies of earlier commands are applied and journaled.
   * Does nothing once the connection is closed.
   */
  public void sync() {
    if (!isOpen()) {
      return;
    }
    long mark = log.size();
    send(ClientCommands.encode(new ClientCommand.Ping()));
    if (log.await(mark, f -> f.type().equals("pong"), DEFAULT_WAIT) == null && isOpen()) {
      throw new AssertionError(Reports.noFrame("a pong (sync)", DEFAULT_WAIT, this));
    }
  }

  /** Sends a raw text frame. */
  public void send(String text) {
    try {
      ws.sendText(text);
    } catch (IOException e) {
      throw new UncheckedIOException("send failed: the connection is closed", e);
    }
  }

  /** The underlying WebSocket, for raw frames. */
  public WebSocketClient webSocket() {
    return ws;
  }

  // ---- frames ----

  /** Every text frame received so far, pings included, oldest first. */
  public List<Frame> frames() {
    return log.all();
  }

  /** The frames received so far without pings. */
  public List<Frame> messages() {
    return log.all().stream().filter(f -> !f.isPing()).toList();
  }

  /** Waits for a frame matching the pattern (pings skipped); fails with the closest frames. */
  public Frame awaitFrame(Messages.Pattern pattern, Duration timeout) {
    Frame f = log.await(0, x -> !x.isPing() && pattern.matches(x.json()), timeout);
    if (f == null) {
      throw new AssertionError(Reports.noMatchingFrame(pattern, timeout, this, null));
    }
    return f;
  }

  FrameLog log() {
    return log;
  }

  void pending(Object expectation) {
    pending.add(expectation);
  }

  void done(Object expectation) {
    pending.remove(expectation);
  }

  /** Expectations started with {@code receives(...)} but never completed with {@code within(...)}. */
  java.util.List<Object> incompleteExpectations() {
    return java.util.List.copyOf(pending);
  }

  // ---- closing ----

  /** Sends a normal close frame and waits for the connection to end. */
  @Override
  public void close() {
    ws.close();
    log.awaitClosed(Duration.ofSeconds(2));
  }

  /** Waits for the server to close the connection; returns how it ended. */
  public CloseInfo awaitClosed() {
    return awaitClosed(DEFAULT_WAIT);
  }

  public CloseInfo awaitClosed(Duration timeout) {
    if (!log.awaitClosed(timeout)) {
      throw new AssertionError(Reports.stillOpen(timeout, this));
    }
    return closeInfo;
  }

  /** How the connection ended, or null while it is open. */
  public CloseInfo closeInfo() {
    return closeInfo;
  }

  public boolean isOpen() {
    return closeInfo == null;
  }

  /** The JSON of the last frame of a type, or null. */
  JsonNode last(String type) {
    Frame f = lastOfType(type);
    return f == null ? null : f.json();
  }

  @Override
  public String toString() {
    Frame welcome = log.await(0, f -> f.type().equals("welcome"), Duration.ZERO);
    return "client " + (welcome == null ? "(not welcomed)" : welcome.json().path("sid").asText());
  }
}
