package io.cablekit.mock.internal.files;

import io.cablekit.mock.Reply;
import java.util.List;
import java.util.Map;

/** The structured parts of a reply: state changes and broadcasts. */
final class ReplyParts {
  private static final List<String> BROADCAST_KEYS = List.of("stream", "data", "exclude_self");

  private ReplyParts() {}

  /** {@code istate} or {@code cstate}: names to strings; null or "" removes the key. */
  static Reply state(Scope s, Node v, Reply r, boolean istate) {
    if (!s.object(v, "an object of keys to strings (null or \"\" removes a key)")) {
      return null;
    }
    Reply out = r;
    for (Map.Entry<String, Node> e : v.fields().entrySet()) {
      Node value = e.getValue();
      String key = e.getKey();
      if (value.json().isNull() || value.isText() && value.text().isEmpty()) {
        out = istate ? out.removeIstate(key) : out.removeCstate(key);
      } else if (value.isText()) {
        out = istate ? out.istate(key, value.text()) : out.cstate(key, value.text());
      } else {
        s.child(key).problem(value, "expected a string, or null to remove the key, got " + value.describe() + Scope.quoteHint(value));
        out = null;
      }
      if (out == null) {
        return null;
      }
    }
    return out;
  }

  /** {@code broadcast}: one {@code {stream, data, exclude_self}} or a list of them. */
  static Reply broadcasts(Scope s, Node v, Reply r) {
    if (!v.isArray()) {
      return broadcast(s, v, r);
    }
    Reply out = r;
    for (int i = 0; i < v.items().size() && out != null; i++) {
      out = broadcast(s.item(i), v.items().get(i), out);
    }
    return out;
  }

  private static Reply broadcast(Scope s, Node v, Reply r) {
    if (!s.object(v, "{stream: ..., data: ...} or a list of them")) {
      return null;
    }
    s.keys(v, BROADCAST_KEYS);
    if (!v.has("stream") || !v.has("data")) {
      s.problem(v, "a broadcast needs stream and data, e.g. {stream: \"chat_{{params.room}}\", data: \"{{data}}\"}");
      return null;
    }
    String stream = s.child("stream").string(v.get("stream"));
    Boolean excludeSelf = v.has("exclude_self") ? s.child("exclude_self").bool(v.get("exclude_self")) : Boolean.FALSE;
    if (stream == null || excludeSelf == null) {
      return null;
    }
    if (stream.isEmpty()) {
      s.child("stream").problem(v.get("stream"), "a stream name must not be empty");
      return null;
    }
    return excludeSelf ? r.broadcastToOthers(stream, v.get("data").json()) : r.broadcast(stream, v.get("data").json());
  }
}
