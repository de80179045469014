package io.cablekit.mock.internal.files;

import io.cablekit.mock.Kind;
import java.util.List;
import java.util.Set;

/** The rules between a reply's keys: what excludes what, aliases given twice, keys for one kind of call. */
final class ReplyKeys {
  static final List<String> KEYS = List.of(
      "accept", "identifiers", "welcome", "reject", "confirm", "error", "stream_from", "streams", "stop_stream",
      "stopped_streams", "stop_all_streams", "transmit", "transmissions", "istate", "cstate", "disconnect",
      "broadcast", "delay", "status", "message");

  private ReplyKeys() {}

  /** Records every key-level problem of {@code reply} for calls of {@code kind} (null: any kind). */
  static void check(Scope s, Node reply, Kind kind) {
    if (reply.has("status")) {
      only(s, reply, "status", Set.of("status", "message", "delay"), "message and delay");
    } else if (reply.has("error")) {
      only(s, reply, "error", Set.of("error", "delay"), "delay");
    }
    if (reply.has("message") && !reply.has("status")) {
      s.problem(reply.get("message"), "message is the description of a gRPC status: add status (for status ERROR with error_msg, write error: \"...\")");
    }
    both(s, reply, "accept", "reject", "accept and reject exclude each other");
    both(s, reply, "stream_from", "streams", "stream_from and streams are the same key; keep one");
    both(s, reply, "stop_stream", "stopped_streams", "stop_stream and stopped_streams are the same key; keep one");
    if (reply.has("identifiers") && reply.has("accept") && reply.get("accept").isObject()
        && reply.get("accept").has("identifiers")) {
      s.problem(reply.get("identifiers"), "identifiers are given twice, in accept and beside it; keep one");
    }
    if (kind != null) {
      forKind(s, reply, "accept", Kind.CONNECT, kind);
      forKind(s, reply, "welcome", Kind.CONNECT, kind);
      forKind(s, reply, "confirm", Kind.SUBSCRIBE, kind);
    }
  }

  private static void only(Scope s, Node reply, String key, Set<String> allowed, String others) {
    List<String> extra = reply.fields().keySet().stream().filter(k -> !allowed.contains(k)).toList();
    if (!extra.isEmpty()) {
      s.problem(reply.get(extra.get(0)), key + " excludes every other key but " + others + "; found " + String.join(", ", extra));
    }
  }

  private static void both(Scope s, Node reply, String a, String b, String message) {
    if (reply.has(a) && reply.has(b)) {
      s.problem(reply.get(b), message);
    }
  }

  private static void forKind(Scope s, Node reply, String key, Kind only, Kind kind) {
    if (reply.has(key) && kind != only) {
      s.problem(reply.get(key), key + " applies to " + only.label() + " stubs only; this stub matches " + kind.label() + " calls");
    }
  }
}
