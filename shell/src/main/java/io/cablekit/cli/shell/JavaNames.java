package io.cablekit.cli.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Java names for generated code: the class and package of a file, variables from socket names. */
final class JavaNames {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch", "char",
      "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for",
      "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw",
      "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "record", "yield", "cable");

  private JavaNames() {}

  /** {@code ChatTest} for {@code .../ChatTest.java}. */
  static String className(Path file) throws ShellException {
    String name = file.getFileName().toString();
    String base = name.substring(0, name.length() - ".java".length());
    if (!isIdentifier(base)) {
      throw new ShellException("record: " + name + " cannot hold a Java class: name the file like ChatSessionTest.java");
    }
    return base;
  }

  /** The package after {@code src/test/java} (or {@code java}) in the path, else empty. */
  static String packageName(Path file) throws ShellException {
    List<String> parts = new ArrayList<>();
    Path dir = file.toAbsolutePath().normalize().getParent();
    for (Path p = dir; p != null && p.getFileName() != null; p = p.getParent()) {
      String segment = p.getFileName().toString();
      if (segment.equals("java")) {
        List<String> pkg = new ArrayList<>(parts);
        java.util.Collections.reverse(pkg);
        for (String s : pkg) {
          if (!isIdentifier(s)) {
            throw new ShellException("record: " + s + " in " + file + " is not a Java package name");
          }
        }
        return String.join(".", pkg);
      }
      parts.add(segment);
    }
    return "";
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || KEYWORDS.contains(s)) {
      return false;
    }
    return s.chars().allMatch(Character::isJavaIdentifierPart);
  }

  /** A variable name from free text: {@code s1}, {@code alice}, {@code bobChatChannel}. */
  static String variable(String text) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : text.toCharArray()) {
      if (Character.isJavaIdentifierPart(c) && c != '$') {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = out.length() > 0;
      }
    }
    String v = out.isEmpty() ? "socket" : out.toString();
    if (!Character.isJavaIdentifierStart(v.charAt(0))) {
      v = "s" + v;
    }
    v = Character.toLowerCase(v.charAt(0)) + v.substring(1);
    return KEYWORDS.contains(v.toLowerCase(Locale.ROOT)) ? v + "Socket" : v;
  }

  /** A Java string literal. */
  static String literal(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
