package io.cablekit.mock.internal.files;

import io.cablekit.mock.internal.reply.Templates;
import java.util.List;

/** Checks the {@code {{...}}} placeholders of every string in a reply against the known roots. */
final class Placeholders {
  /** The roots {@link Templates} fills, for "did you mean" hints. */
  static final List<String> ROOTS = List.of(
      "sid", "channel", "action", "identifier", "url", "path", "params", "data", "identifiers",
      "headers", "cookies", "query", "cstate", "istate");

  private Placeholders() {}

  /** Checks every string (and object key) inside {@code n}. */
  static void check(Scope s, Node n) {
    if (n.isText()) {
      checkText(s, n, n.text());
    } else if (n.isObject()) {
      n.fields().forEach((key, value) -> {
        checkText(s.child(key), value, key);
        check(s.child(key), value);
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.items().size(); i++) {
        check(s.item(i), n.items().get(i));
      }
    }
  }

  private static void checkText(Scope s, Node at, String text) {
    List<String> expressions = Templates.expressions(text);
    for (String e : expressions) {
      if (!Templates.knownRoot(e)) {
        String root = e.split("\\.")[0];
        String near = Closest.to(root, ROOTS);
        s.problem(at, "unknown placeholder {{" + e + "}}"
            + (near != null
                ? "; did you mean {{" + near + e.substring(root.length()) + "}}?"
                : "; placeholders start with " + String.join(", ", ROOTS)));
      }
    }
    if (count(text, "{{") > expressions.size()) {
      s.problem(at, "malformed placeholder in " + io.cablekit.protocol.Json.quote(text) + "; write {{root}} or {{root.key}}, e.g. {{params.room}}");
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
