package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.Kind;
import io.cablekit.mock.Replies;
import io.cablekit.mock.Reply;
import io.cablekit.mock.internal.reply.ReplyRules;
import io.grpc.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads one reply object into a {@link Reply}, then checks it against {@link ReplyRules}. */
final class ReplyDecoder {
  private static final List<String> STATUS_NAMES =
      Arrays.stream(Status.Code.values()).filter(c -> c != Status.Code.OK).map(Enum::name).toList();

  private ReplyDecoder() {}

  /**
   * The reply, or null when it has problems.
   *
   * @param kind the kind the stub matches, or null for any kind
   * @param kindKnown false when the stub's {@code on} was unreadable: kind rules are then skipped
   */
  static Reply decode(Scope s, Node n, Kind kind, boolean kindKnown) {
    if (!s.object(n, "an object such as {accept: true} or {stream_from: [...]}")) {
      return null;
    }
    int before = s.problemCount();
    s.keys(n, ReplyKeys.KEYS);
    ReplyKeys.check(s, n, kind);
    Placeholders.check(s, n);
    Reply base = base(s, n);
    Reply reply = base == null ? Replies.ok() : base;
    for (Map.Entry<String, Node> e : n.fields().entrySet()) {
      // on a wrong value keep going with the reply so far, to report every key's problems
      Reply next = modify(s.child(e.getKey()), e.getKey(), e.getValue(), reply);
      reply = next == null ? reply : next;
    }
    if (s.problemCount() > before || !kindKnown) {
      return null;
    }
    for (String problem : ReplyRules.problems(kind, reply)) {
      s.problem(n, problem);
    }
    return s.problemCount() > before ? null : reply;
  }

  private static Reply base(Scope s, Node n) {
    if (n.has("status")) {
      Status.Code code = status(s.child("status"), n.get("status"));
      String message = n.has("message") ? s.child("message").string(n.get("message")) : null;
      return code == null ? null : Replies.fail(code, message);
    }
    if (n.has("error")) {
      String message = s.child("error").string(n.get("error"));
      return message == null ? null : Replies.error(message);
    }
    if (n.has("reject")) {
      return reject(s.child("reject"), n.get("reject"));
    }
    return Replies.ok();
  }

  private static Reply reject(Scope s, Node n) {
    if (n.json().isBoolean() && n.json().booleanValue()) {
      return Replies.reject();
    }
    if (!n.isObject()) {
      s.problem(n, "expected true or {reason: \"...\"}, got " + n.describe());
      return null;
    }
    s.keys(n, List.of("reason"));
    String reason = n.has("reason") ? s.child("reason").string(n.get("reason")) : null;
    return reason == null ? Replies.reject() : Replies.reject().withMessage(reason);
  }

  private static Status.Code status(Scope s, Node n) {
    String name = s.string(n);
    if (name == null) {
      return null;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("OK")) {
      s.problem(n, "OK is not a failure; leave status out for a normal reply");
      return null;
    }
    if (!STATUS_NAMES.contains(upper)) {
      String near = Closest.to(upper, STATUS_NAMES);
      s.problem(n, "unknown gRPC status \"" + name + "\""
          + (near != null ? "; did you mean " + near + "?" : "; expected one of " + String.join(", ", STATUS_NAMES)));
      return null;
    }
    return Status.Code.valueOf(upper);
  }

  /** Applies one key to the reply; null when its value is wrong (a problem is recorded). */
  private static Reply modify(Scope s, String key, Node v, Reply r) {
    return switch (key) {
      case "accept" -> accept(s, v, r);
      case "identifiers" -> r.identifiers(v.json());
      case "welcome" -> flag(s, v) instanceof Boolean b ? (b ? r : r.withoutWelcome()) : null;
      case "confirm" -> flag(s, v) instanceof Boolean b ? (b ? r : r.withoutConfirmation()) : null;
      case "stop_all_streams" -> flag(s, v) instanceof Boolean b ? (b ? r.stopAllStreams() : r) : null;
      case "disconnect" -> flag(s, v) instanceof Boolean b ? (b ? r.disconnect() : r) : null;
      case "stream_from", "streams" -> streams(s, v, r, true);
      case "stop_stream", "stopped_streams" -> streams(s, v, r, false);
      case "transmit" -> transmit(v, r);
      case "transmissions" -> s.strings(v) instanceof List<String> frames ? transmissions(frames, r) : null;
      case "istate", "cstate" -> ReplyParts.state(s, v, r, key.equals("istate"));
      case "broadcast" -> ReplyParts.broadcasts(s, v, r);
      case "delay" -> Durations.delay(s, v) instanceof Durations.Delay d
          ? (d.max() == null ? r.delay(d.min()) : r.delay(d.min(), d.max())) : null;
      default -> r; // status, message, error, reject: read by base(); unknown keys: already reported
    };
  }

  private static Boolean flag(Scope s, Node v) {
    return s.bool(v);
  }

  private static Reply accept(Scope s, Node v, Reply r) {
    if (v.json().isBoolean() && v.json().booleanValue()) {
      return r;
    }
    if (!v.isObject()) {
      s.problem(v, "expected true or {identifiers: {...}}, got " + v.describe());
      return null;
    }
    s.keys(v, List.of("identifiers"));
    return v.has("identifiers") ? r.identifiers(v.get("identifiers").json()) : r;
  }

  private static Reply streams(Scope s, Node v, Reply r, boolean start) {
    List<String> names = s.strings(v);
    if (names == null) {
      return null;
    }
    Reply out = r;
    for (String name : names) {
      if (name.isEmpty()) {
        s.problem(v, "a stream name must not be empty");
        return null;
      }
      out = start ? out.streamFrom(name) : out.stopStream(name);
    }
    return out;
  }

  private static Reply transmit(Node v, Reply r) {
    Reply out = r;
    for (JsonNode payload : v.isArray() ? v.json() : List.of(v.json())) {
      out = out.transmit(payload);
    }
    return out;
  }

  private static Reply transmissions(List<String> frames, Reply r) {
    Reply out = r;
    for (String frame : frames) {
      out = out.transmitRaw(frame);
    }
    return out;
  }
}
