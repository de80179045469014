package io.cablekit.mock.internal.files;

import io.cablekit.mock.Kind;
import io.cablekit.mock.RequestPattern;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a stub's {@code match} into a {@link RequestPattern}. */
final class MatchDecoder {
  static final List<String> KEYS = List.of(
      "on", "channel", "params", "action", "data", "identifiers", "headers", "cookies", "query", "path", "cstate", "istate");
  private static final List<String> KINDS = List.of("connect", "subscribe", "unsubscribe", "perform", "message", "disconnect");
  private static final List<String> OPERATORS = List.of("$regex", "$contains", "$any", "$absent", "$eq");
  private static final Map<String, BiFunction<RequestPattern, Map.Entry<String, Node>, RequestPattern>> NAMED =
      Map.of(
          "headers", (p, e) -> p.withHeader(e.getKey(), e.getValue().json()),
          "cookies", (p, e) -> p.withCookie(e.getKey(), e.getValue().json()),
          "query", (p, e) -> p.withQuery(e.getKey(), e.getValue().json()),
          "cstate", (p, e) -> p.withCstate(e.getKey(), e.getValue().json()),
          "istate", (p, e) -> p.withIstate(e.getKey(), e.getValue().json()));

  private MatchDecoder() {}

  /** The pattern (null when there were problems) and the kind it matches (null: any, or unreadable). */
  record Decoded(RequestPattern pattern, Kind kind, boolean kindKnown) {}

  static Decoded decode(Scope s, Node match) {
    if (!s.object(match, "an object such as {on: connect}, or {} for any call")) {
      return new Decoded(null, null, false);
    }
    int before = s.problemCount();
    s.keys(match, KEYS);
    Kind kind = null;
    boolean kindKnown = true;
    if (match.has("on")) {
      kind = kind(s.child("on"), match.get("on"));
      kindKnown = kind != null;
    }
    RequestPattern p = kind == null ? RequestPattern.any() : RequestPattern.of(kind);
    for (Map.Entry<String, Node> e : match.fields().entrySet()) {
      Scope at = s.child(e.getKey());
      Node v = e.getValue();
      switch (e.getKey()) {
        case "channel" -> p = withText(at, v) ? p.withChannel(v.text()) : p;
        case "action" -> p = withText(at, v) ? p.withAction(v.text()) : p;
        case "params" -> p = json(at, v) ? p.withParams(v.json()) : p;
        case "data" -> p = json(at, v) ? p.withData(v.json()) : p;
        case "identifiers" -> p = json(at, v) ? p.withIdentifiers(v.json()) : p;
        case "path" -> p = stringMatcher(at, v) ? p.withPath(v.json()) : p;
        case "headers", "cookies", "query", "cstate", "istate" -> p = named(at, v, p, NAMED.get(e.getKey()));
        default -> { }
      }
    }
    return new Decoded(s.problemCount() == before ? p : null, kind, kindKnown);
  }

  private static Kind kind(Scope s, Node n) {
    String label = s.string(n);
    if (label == null) {
      return null;
    }
    if (!KINDS.contains(label)) {
      String near = Closest.to(label, KINDS);
      s.problem(n, "unknown call kind \"" + label + "\""
          + (near != null ? "; did you mean \"" + near + "\"?" : "; expected connect, subscribe, unsubscribe, perform (or message) or disconnect"));
      return null;
    }
    return Kind.parse(label);
  }

  private static boolean withText(Scope s, Node n) {
    return s.string(n) != null;
  }

  private static boolean json(Scope s, Node n) {
    int before = s.problemCount();
    check(s, n);
    return s.problemCount() == before;
  }

  private static RequestPattern named(
      Scope s, Node map, RequestPattern p, BiFunction<RequestPattern, Map.Entry<String, Node>, RequestPattern> with) {
    if (!s.object(map, "an object of names to strings or operators")) {
      return p;
    }
    RequestPattern out = p;
    for (Map.Entry<String, Node> e : map.fields().entrySet()) {
      if (stringMatcher(s.child(e.getKey()), e.getValue())) {
        out = with.apply(out, e);
      }
    }
    return out;
  }

  /** A string, or an operator object; header, cookie, query, path and state values are strings. */
  private static boolean stringMatcher(Scope s, Node n) {
    if (n.isObject() && n.fields().keySet().stream().anyMatch(k -> k.startsWith("$"))) {
      return json(s, n);
    }
    if (n.isText()) {
      return true;
    }
    s.problem(n, "expected a string or an operator such as {$regex: \"...\"}, got " + n.describe() + Scope.quoteHint(n));
    return false;
  }

  /** Checks partial JSON: operator objects must be well formed and regular expressions must compile. */
  static void check(Scope s, Node n) {
    if (n.isArray()) {
      for (int i = 0; i < n.items().size(); i++) {
        check(s.item(i), n.items().get(i));
      }
      return;
    }
    if (!n.isObject()) {
      return;
    }
    List<String> operators = n.fields().keySet().stream().filter(k -> k.startsWith("$")).toList();
    if (operators.isEmpty()) {
      n.fields().forEach((key, value) -> check(s.child(key), value));
      return;
    }
    if (n.fields().size() != 1) {
      s.problem(n, "an operator object has exactly one key, but this one has " + String.join(", ", n.fields().keySet()));
      return;
    }
    operator(s, operators.get(0), n.get(operators.get(0)));
  }

  private static void operator(Scope s, String name, Node arg) {
    switch (name) {
      case "$regex" -> {
        String regex = s.child(name).string(arg);
        if (regex != null) {
          try {
            Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            s.problem(arg, "invalid regular expression /" + regex + "/: " + e.getDescription());
          }
        }
      }
      case "$contains" -> s.child(name).string(arg);
      case "$any", "$absent" -> {
        if (!arg.json().isBoolean() || !arg.json().booleanValue()) {
          s.child(name).problem(arg, "expected true, got " + arg.describe());
        }
      }
      case "$eq" -> { }
      default -> {
        String near = Closest.to(name, OPERATORS);
        s.problem(arg, "unknown operator \"" + name + "\""
            + (near != null ? "; did you mean \"" + near + "\"?" : "; operators are " + String.join(", ", OPERATORS)));
      }
    }
  }
}
