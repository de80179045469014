package io.cablekit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the mock answers to a call: a small program in AnyCable's reply vocabulary (accept or
 * reject a connection, confirm or reject a subscription, stream, transmit, change state,
 * disconnect, broadcast), or a fault (an ERROR status, a gRPC error, a delay). Build one with
 * {@link Replies}; every method returns a new reply.
 *
 * <p>Strings may hold placeholders such as {@code {{params.room}}}, {@code {{data.text}}} or
 * {@code {{identifiers.user}}}, filled from the call; see the README. A reply that AnyCable would
 * not accept for a kind of call (streams in a rejection, say) is refused when the stub is
 * declared.
 */
public final class Reply {
  /** The status-level outcome. */
  public enum Outcome {
    /** SUCCESS; for subscribe, a confirmation. */
    OK,
    /** FAILURE: a rejected connection or subscription. */
    REJECT,
    /** Status ERROR with {@code error_msg}. */
    ERROR
  }

  /**
   * A broadcast made while handling the call, through the server's real broadcast path.
   *
   * @param stream stream name (placeholders allowed)
   * @param data payload as JSON (placeholders allowed), or null when {@code compute} gives it
   * @param compute computes the payload from the perform data, or null
   * @param excludeSelf skip the calling session ({@code exclude_socket}, Rails' {@code to_others})
   */
  public record BroadcastSpec(
      String stream, JsonNode data, Function<JsonNode, Object> compute, boolean excludeSelf) {
    public BroadcastSpec {
      Objects.requireNonNull(stream, "stream");
    }
  }

  final Outcome outcome;
  final String message;
  final JsonNode identifiers;
  final boolean welcome;
  final boolean confirmation;
  final List<String> streams;
  final List<String> stoppedStreams;
  final boolean stopAllStreams;
  final List<JsonNode> transmits;
  final List<String> rawTransmissions;
  final Map<String, String> istate;
  final Map<String, String> cstate;
  final boolean disconnect;
  final List<BroadcastSpec> broadcasts;
  final Duration delay;
  final Duration delayMax;
  final Status.Code fault;
  final Function<RpcCall, Reply> computed;

  private Reply(Builder b) {
    this.outcome = b.outcome;
    this.message = b.message;
    this.identifiers = b.identifiers;
    this.welcome = b.welcome;
    this.confirmation = b.confirmation;
    this.streams = List.copyOf(b.streams);
    this.stoppedStreams = List.copyOf(b.stoppedStreams);
    this.stopAllStreams = b.stopAllStreams;
    this.transmits = List.copyOf(b.transmits);
    this.rawTransmissions = List.copyOf(b.rawTransmissions);
    this.istate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.istate));
    this.cstate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.cstate));
    this.disconnect = b.disconnect;
    this.broadcasts = List.copyOf(b.broadcasts);
    this.delay = b.delay;
    this.delayMax = b.delayMax;
    this.fault = b.fault;
    this.computed = b.computed;
  }

  static Reply of(Outcome outcome) {
    Builder b = new Builder();
    b.outcome = outcome;
    return new Reply(b);
  }

  static Reply failing(Status.Code code, String message) {
    Builder b = new Builder();
    b.fault = code;
    b.message = message;
    return new Reply(b);
  }

  static Reply computing(Function<RpcCall, Reply> fn) {
    Builder b = new Builder();
    b.computed = Objects.requireNonNull(fn, "fn");
    return new Reply(b);
  }

  private Reply with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new Reply(b);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** {@code error_msg} for ERROR, the rejection reason for a rejected connection, or the fault message. */
  public String message() {
    return message;
  }

  public JsonNode identifiers() {
    return identifiers;
  }

  public boolean welcome() {
    return welcome;
  }

  /** Subscribe: whether {@code confirm_subscription} is added (default true). */
  public boolean confirmation() {
    return confirmation;
  }

  public List<String> streams() {
    return streams;
  }

  public List<String> stoppedStreams() {
    return stoppedStreams;
  }

  /** Whether the reply stops every stream of the subscription. */
  public boolean stopsAllStreams() {
    return stopAllStreams;
  }

  /** Payloads sent to the subscription as {@code {"identifier":...,"message":...}}. */
  public List<JsonNode> transmits() {
    return transmits;
  }

  /** Frames sent verbatim. */
  public List<String> rawTransmissions() {
    return rawTransmissions;
  }

  /** Channel-state changes; an empty value removes the key. */
  public Map<String, String> istate() {
    return istate;
  }

  /** Connection-state changes; an empty value removes the key. */
  public Map<String, String> cstate() {
    return cstate;
  }

  /** Whether the reply closes the client's connection. */
  public boolean disconnects() {
    return disconnect;
  }

  public List<BroadcastSpec> broadcasts() {
    return broadcasts;
  }

  /** Fixed delay, or the lower bound of a random one; null for none. */
  public Duration delay() {
    return delay;
  }

  /** Upper bound of a random delay, or null for a fixed one. */
  public Duration delayMax() {
    return delayMax;
  }

  /** A gRPC status code returned instead of a reply, or null. */
  public Status.Code fault() {
    return fault;
  }

  /** The function computing the reply from the call, or null. */
  public Function<RpcCall, Reply> computed() {
    return computed;
  }

  // ---- modifiers ----

  /** Connect: the connection identifiers (a map, record, JSON node or JSON text). */
  public Reply identifiers(Object ids) {
    JsonNode node = ids instanceof String s ? parseOrText(s) : Matchers.toJson(ids);
    return with(b -> b.identifiers = node);
  }

  /** Connect: do not add the automatic {@code welcome} transmission. */
  public Reply withoutWelcome() {
    return with(b -> b.welcome = false);
  }

  /** Subscribe: SUCCESS without the {@code confirm_subscription} frame (the client waits). */
  public Reply withoutConfirmation() {
    return with(b -> b.confirmation = false);
  }

  /** Subscribes the subscription to a stream ({@code stream_from}). */
  public Reply streamFrom(String stream) {
    return with(b -> b.streams.add(Objects.requireNonNull(stream, "stream")));
  }

  /** Unsubscribes the subscription from one stream ({@code stop_stream_from}). */
  public Reply stopStream(String stream) {
    return with(b -> b.stoppedStreams.add(Objects.requireNonNull(stream, "stream")));
  }

  /** Unsubscribes the subscription from every stream ({@code stop_all_streams}). */
  public Reply stopAllStreams() {
    return with(b -> b.stopAllStreams = true);
  }

  /** Sends {@code payload} to this subscription only ({@code transmit}). */
  public Reply transmit(Object payload) {
    JsonNode node = payload instanceof String s ? parseOrText(s) : Matchers.toJson(payload);
    return with(b -> b.transmits.add(node));
  }

  /** Sends a frame exactly as given. */
  public Reply transmitRaw(String frame) {
    return with(b -> b.rawTransmissions.add(Objects.requireNonNull(frame, "frame")));
  }

  /** Sets a channel-state key. */
  public Reply istate(String key, String value) {
    return with(b -> b.istate.put(key, Objects.requireNonNull(value, "value")));
  }

  /** Removes a channel-state key. */
  public Reply removeIstate(String key) {
    return with(b -> b.istate.put(key, ""));
  }

  /** Sets a connection-state key. */
  public Reply cstate(String key, String value) {
    return with(b -> b.cstate.put(key, Objects.requireNonNull(value, "value")));
  }

  /** Removes a connection-state key. */
  public Reply removeCstate(String key) {
    return with(b -> b.cstate.put(key, ""));
  }

  /** Closes the client's connection after this reply ({@code disconnect: true}). */
  public Reply disconnect() {
    return with(b -> b.disconnect = true);
  }

  /** Also broadcasts {@code data} to {@code stream} through the server. */
  public Reply broadcast(String stream, Object data) {
    JsonNode node = data instanceof String s ? parseOrText(s) : Matchers.toJson(data);
    return with(b -> b.broadcasts.add(new BroadcastSpec(stream, node, null, false)));
  }

  /** Also broadcasts a payload computed from the perform data. */
  public Reply broadcast(String stream, Function<JsonNode, Object> fromData) {
    return with(b -> b.broadcasts.add(new BroadcastSpec(stream, null, fromData, false)));
  }

  /** Also broadcasts to everyone on {@code stream} but the caller. */
  public Reply broadcastToOthers(String stream, Object data) {
    JsonNode node = data instanceof String s ? parseOrText(s) : Matchers.toJson(data);
    return with(b -> b.broadcasts.add(new BroadcastSpec(stream, node, null, true)));
  }

  /** Sets the error message or, for a rejected connection, the disconnect reason. */
  public Reply withMessage(String text) {
    return with(b -> b.message = text);
  }

  /** Answers after a fixed delay. */
  public Reply delay(Duration delay) {
    return with(b -> {
      b.delay = delay;
      b.delayMax = null;
    });
  }

  /** Answers after a random delay between {@code min} and {@code max}. */
  public Reply delay(Duration min, Duration max) {
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("delay: max " + max + " is below min " + min);
    }
    return with(b -> {
      b.delay = min;
      b.delayMax = max;
    });
  }

  private static JsonNode parseOrText(String s) {
    String t = s.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return io.cablekit.protocol.Json.MAPPER.readTree(t);
      } catch (Exception e) {
        // not JSON: sent as a string
      }
    }
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
  }

  @Override
  public String toString() {
    if (computed != null) {
      return "computed reply";
    }
    if (fault != null) {
      return "gRPC " + fault + (message == null ? "" : " " + message);
    }
    List<String> parts = new ArrayList<>();
    parts.add(outcome == Outcome.OK ? "ok" : outcome == Outcome.REJECT ? "reject" : "error " + message);
    if (identifiers != null) parts.add("identifiers " + identifiers);
    streams.forEach(s -> parts.add("stream_from " + s));
    stoppedStreams.forEach(s -> parts.add("stop_stream " + s));
    if (stopAllStreams) parts.add("stop_all_streams");
    transmits.forEach(t -> parts.add("transmit " + t));
    rawTransmissions.forEach(t -> parts.add("transmission " + t));
    if (!istate.isEmpty()) parts.add("istate " + istate);
    if (!cstate.isEmpty()) parts.add("cstate " + cstate);
    if (disconnect) parts.add("disconnect");
    broadcasts.forEach(bc -> parts.add("broadcast " + bc.stream()));
    if (delay != null) parts.add("delay " + delay.toMillis() + "ms" + (delayMax == null ? "" : "-" + delayMax.toMillis() + "ms"));
    return String.join(", ", parts);
  }

  private static final class Builder {
    Outcome outcome = Outcome.OK;
    String message;
    JsonNode identifiers;
    boolean welcome = true;
    boolean confirmation = true;
    List<String> streams = new ArrayList<>();
    List<String> stoppedStreams = new ArrayList<>();
    boolean stopAllStreams;
    List<JsonNode> transmits = new ArrayList<>();
    List<String> rawTransmissions = new ArrayList<>();
    Map<String, String> istate = new LinkedHashMap<>();
    Map<String, String> cstate = new LinkedHashMap<>();
    boolean disconnect;
    List<BroadcastSpec> broadcasts = new ArrayList<>();
    Duration delay;
    Duration delayMax;
    Status.Code fault;
    Function<RpcCall, Reply> computed;

    Builder() {}

    Builder(Reply r) {
      outcome = r.outcome;
      message = r.message;
      identifiers = r.identifiers;
      welcome = r.welcome;
      confirmation = r.confirmation;
      streams = new ArrayList<>(r.streams);
      stoppedStreams = new ArrayList<>(r.stoppedStreams);
      stopAllStreams = r.stopAllStreams;
      transmits = new ArrayList<>(r.transmits);
      rawTransmissions = new ArrayList<>(r.rawTransmissions);
      istate = new LinkedHashMap<>(r.istate);
      cstate = new LinkedHashMap<>(r.cstate);
      disconnect = r.disconnect;
      broadcasts = new ArrayList<>(r.broadcasts);
      delay = r.delay;
      delayMax = r.delayMax;
      fault = r.fault;
      computed = r.computed;
    }
  }
}
