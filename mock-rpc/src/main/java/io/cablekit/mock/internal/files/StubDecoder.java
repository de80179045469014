package io.cablekit.mock.internal.files;

import io.cablekit.mock.Reply;
import io.cablekit.mock.Stub;
import io.cablekit.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Reads the stubs of one document: a list of stubs, or an object with a {@code stubs} list. */
final class StubDecoder {
  static final List<String> STUB_KEYS =
      List.of("id", "name", "priority", "match", "reply", "replies", "scenario", "when_state", "set_state");
  private static final List<String> ROOT_KEYS = List.of("stubs", "$schema");

  private StubDecoder() {}

  /**
   * Decodes every stub of the document (an empty list for an empty one).
   *
   * @param source the {@link Stub#source()} of a stub starting at a line
   * @param allowSingle whether the root may also be one stub object (admin API bodies)
   */
  static List<Located> document(Node root, Problems problems, IntFunction<String> source, boolean allowSingle) {
    Scope top = Scope.top(problems);
    if (root == null) {
      return List.of();
    }
    List<Node> items;
    if (root.isArray()) {
      items = root.items();
    } else if (root.isObject() && !root.has("stubs") && (root.has("match") || root.has("reply") || root.has("replies"))) {
      if (!allowSingle) {
        top.problem(root, "expected a list of stubs or an object with a \"stubs\" list; this looks like one stub: put it in a list under \"stubs:\"");
        return List.of();
      }
      items = List.of(root);
    } else if (root.isObject()) {
      top.keys(root, ROOT_KEYS);
      Node stubs = root.get("stubs");
      if (stubs == null || !stubs.isArray()) {
        top.problem(stubs == null ? root : stubs, "expected a \"stubs\" list" + (stubs == null ? "" : ", got " + stubs.describe()));
        return List.of();
      }
      items = stubs.items();
    } else {
      top.problem(root, "expected a list of stubs or an object with a \"stubs\" list, got " + root.describe());
      return List.of();
    }
    List<Located> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Located stub = stub(top, items.get(i), i + 1, source);
      if (stub != null) {
        out.add(stub);
      }
    }
    return out;
  }

  private static Located stub(Scope top, Node n, int ordinal, IntFunction<String> source) {
    if (!n.isObject()) {
      top.problem(n, "stub " + ordinal + ": expected an object with match and reply, got " + n.describe());
      return null;
    }
    String name = n.has("name") && n.get("name").isText() ? n.get("name").text() : null;
    String label = "stub " + ordinal + (name == null ? "" : " (" + Json.quote(name) + ")");
    Scope s = top.owner(label);
    int before = s.problemCount();
    s.keys(n, STUB_KEYS);
    String id = optionalText(s, n, "id");
    if (id != null && id.isBlank()) {
      s.child("id").problem(n.get("id"), "an id must not be blank; leave it out to get a generated one");
    }
    optionalText(s, n, "name");
    Integer priority = n.has("priority") ? s.child("priority").integer(n.get("priority"), 1) : Integer.valueOf(5);
    MatchDecoder.Decoded match;
    if (n.has("match")) {
      match = MatchDecoder.decode(s.child("match"), n.get("match"));
    } else {
      s.problem(n, "match is required: {on: connect} for one kind of call, or {} for any call");
      match = new MatchDecoder.Decoded(null, null, false);
    }
    List<Reply> replies = replies(s, n, match);
    String scenario = optionalText(s, n, "scenario");
    String whenState = optionalText(s, n, "when_state");
    String setState = optionalText(s, n, "set_state");
    for (String key : List.of("when_state", "set_state")) {
      if (n.has(key) && !n.has("scenario")) {
        s.problem(n.get(key), key + " needs a scenario name: add scenario: <name>");
      }
    }
    if (s.problemCount() > before) {
      return null;
    }
    try {
      Stub stub = new Stub(id, name, priority, match.pattern(), replies, scenario, whenState, setState, source.apply(n.line()));
      return new Located(stub, top.problemsFile(), n.line(), label);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String prefix = "stub " + (name != null ? "\"" + name + "\"" : id) + ": ";
      s.problem(n, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
      return null;
    }
  }

  private static List<Reply> replies(Scope s, Node n, MatchDecoder.Decoded match) {
    List<Reply> out = new ArrayList<>();
    if (n.has("reply") && n.has("replies")) {
      s.problem(n.get("replies"), "reply and replies exclude each other; keep one");
    } else if (n.has("reply")) {
      out.add(ReplyDecoder.decode(s.child("reply"), n.get("reply"), match.kind(), match.kindKnown()));
    } else if (n.has("replies")) {
      Node list = n.get("replies");
      if (!list.isArray() || list.items().isEmpty()) {
        s.child("replies").problem(list, "expected a non-empty list of replies (the last one repeats), got " + list.describe());
      } else {
        for (int i = 0; i < list.items().size(); i++) {
          out.add(ReplyDecoder.decode(s.child("replies").item(i), list.items().get(i), match.kind(), match.kindKnown()));
        }
      }
    } else {
      s.problem(n, "a stub needs reply (one reply for every call) or replies (a sequence)");
    }
    return out;
  }

  private static String optionalText(Scope s, Node n, String key) {
    return n.has(key) ? s.child(key).string(n.get(key)) : null;
  }
}
