package io.cablekit.mock.internal.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Where decoding is (the stub being read and the key path inside it), with typed reads that
 * record a problem, in plain words, instead of throwing. Each read returns null on a wrong type.
 */
final class Scope {
  private final Problems problems;
  private final String owner;
  private final String path;

  private Scope(Problems problems, String owner, String path) {
    this.problems = problems;
    this.owner = owner;
    this.path = path;
  }

  /** The top of a source: messages carry no stub label. */
  static Scope top(Problems problems) {
    return new Scope(problems, "", "");
  }

  /** A scope for messages about one stub, e.g. {@code stub 3 ("name")}. */
  Scope owner(String label) {
    return new Scope(problems, label, "");
  }

  Scope child(String key) {
    return new Scope(problems, owner, path.isEmpty() ? key : path + "." + key);
  }

  Scope item(int index) {
    return new Scope(problems, owner, path + "[" + index + "]");
  }

  String path() {
    return path;
  }

  String problemsFile() {
    return problems.file();
  }

  int problemCount() {
    return problems.count();
  }

  /** Records {@code text} at the line of {@code at}, prefixed with the stub label and key path. */
  void problem(Node at, String text) {
    problem(at.line(), text);
  }

  void problem(int line, String text) {
    StringBuilder out = new StringBuilder(owner);
    if (!path.isEmpty()) {
      out.append(out.isEmpty() ? "" : ": ").append(path);
    }
    problems.add(line, out.isEmpty() ? text : out + ": " + text);
  }

  String string(Node n) {
    if (n.isText()) {
      return n.text();
    }
    problem(n, "expected a string, got " + n.describe() + quoteHint(n));
    return null;
  }

  Boolean bool(Node n) {
    if (n.json().isBoolean()) {
      return n.json().booleanValue();
    }
    problem(n, "expected true or false, got " + n.describe());
    return null;
  }

  /** A whole number of at least {@code min}. */
  Integer integer(Node n, int min) {
    if (isWhole(n) && n.json().canConvertToInt() && n.json().intValue() >= min) {
      return n.json().intValue();
    }
    problem(n, "expected a whole number of at least " + min + ", got " + n.describe());
    return null;
  }

  /** A number without a fractional part ({@code 5} or {@code 5.0}, as JSON Schema's integer). */
  static boolean isWhole(Node n) {
    return n.json().isNumber() && n.json().decimalValue().stripTrailingZeros().scale() <= 0;
  }

  /** Whether {@code n} is an object; records "expected {@code what}" when it is not. */
  boolean object(Node n, String what) {
    if (n.isObject()) {
      return true;
    }
    problem(n, "expected " + what + ", got " + n.describe());
    return false;
  }

  /** A string, or a list of strings. */
  List<String> strings(Node n) {
    if (n.isText()) {
      return List.of(n.text());
    }
    if (!n.isArray()) {
      problem(n, "expected a string or a list of strings, got " + n.describe() + quoteHint(n));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.items().size(); i++) {
      String s = item(i).string(n.items().get(i));
      if (s != null) {
        out.add(s);
      }
    }
    return out.size() == n.items().size() ? out : null;
  }

  /** Records every key of {@code obj} that is not in {@code allowed}, with the closest valid key. */
  void keys(Node obj, List<String> allowed) {
    obj.fields().forEach((key, value) -> {
      if (!allowed.contains(key)) {
        String near = Closest.to(key, allowed);
        problem(value, "unknown key \"" + key + "\""
            + (near != null ? "; did you mean \"" + near + "\"?" : "; valid keys are " + String.join(", ", allowed)));
      }
    });
  }

  /** "; write "on" for the text" after a number or YAML boolean where text was expected. */
  static String quoteHint(Node n) {
    if (n.json().isNumber() || n.json().isBoolean()) {
      return "; write \"" + (n.raw() != null ? n.raw() : n.json().asText()) + "\" for the text";
    }
    return "";
  }
}
