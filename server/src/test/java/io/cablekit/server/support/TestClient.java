package io.cablekit.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.client.WebSocketClient;
import io.cablekit.client.WsEvent;
import io.cablekit.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An Action Cable client for server tests: raw WebSocket plus JSON helpers that skip pings. */
public final class TestClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(5);
  private final WebSocketClient ws;
  private final List<String> seen = new ArrayList<>();

  private TestClient(WebSocketClient ws) {
    this.ws = ws;
  }

  public static TestClient connect(URI url) {
    return connect(url, Map.of(), List.of("actioncable-v1-json"));
  }

  public static TestClient connect(URI url, Map<String, String> headers, List<String> protocols) {
    try {
      return new TestClient(WebSocketClient.connect(url, headers, protocols, WAIT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebSocketClient ws() {
    return ws;
  }

  public void send(String text) {
    try {
      ws.sendText(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void subscribe(String identifier) {
    send("{\"command\":\"subscribe\",\"identifier\":" + Json.quote(identifier) + "}");
  }

  public void unsubscribe(String identifier) {
    send("{\"command\":\"unsubscribe\",\"identifier\":" + Json.quote(identifier) + "}");
  }

  public void perform(String identifier, String data) {
    send("{\"command\":\"message\",\"identifier\":" + Json.quote(identifier) + ",\"data\":" + Json.quote(data) + "}");
  }

  /** The next text message that is not a ping, parsed; fails when none arrives in time. */
  public JsonNode receive() {
    return receive(WAIT);
  }

  public JsonNode receive(Duration timeout) {
    String text = receiveText(timeout, true);
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** The next text message (pings included when {@code skipPings} is false). */
  public String receiveText(Duration timeout, boolean skipPings) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      WsEvent event;
      try {
        event = ws.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        throw new AssertionError("interrupted", e);
      }
      if (event == null) {
        throw new AssertionError("no message within " + timeout.toMillis() + " ms; seen: " + recent());
      }
      if (event instanceof WsEvent.Text t) {
        if (skipPings && t.text().startsWith("{\"type\":\"ping\"")) {
          continue;
        }
        seen.add(t.text());
        return t.text();
      }
      if (event instanceof WsEvent.Closed c) {
        throw new AssertionError("connection closed (" + c.code() + " " + c.reason() + ") while waiting; seen: " + seen);
      }
    }
  }

  /** Asserts no non-ping message arrives within {@code window}. */
  public void expectSilence(Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      WsEvent event;
      try {
        event = ws.next(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (event == null) {
        return;
      }
      if (event instanceof WsEvent.Text t && t.text().startsWith("{\"type\":\"ping\"")) {
        continue;
      }
      throw new AssertionError("expected no message, got " + event);
    }
  }

  /** Waits for the connection to end, skipping messages; returns the close event. */
  public WsEvent.Closed awaitClosed() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      WsEvent event;
      try {
        event = ws.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (event == null) {
        throw new AssertionError("connection still open after " + WAIT.toMillis() + " ms; seen: " + recent());
      }
      if (event instanceof WsEvent.Closed c) {
        return c;
      }
      if (event instanceof WsEvent.Text t) {
        seen.add(t.text());
      }
    }
  }

  /** The last messages seen, abbreviated, for failure messages. */
  private String recent() {
    List<String> tail = seen.subList(Math.max(0, seen.size() - 10), seen.size());
    return tail.stream().map(m -> m.length() > 200 ? m.substring(0, 200) + "...(" + m.length() + " chars)" : m).toList().toString();
  }

  public List<String> seen() {
    return seen;
  }

  @Override
  public void close() {
    ws.close();
  }
}
