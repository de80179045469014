package io.cablekit.server.internal.connection;

import java.util.List;

/**
 * Matches request paths against the configured WebSocket paths (PROTOCOL.md 3.1): exact paths, a
 * trailing {@code *} matching any suffix, and {@code {name}} segments matching one segment.
 */
final class PathMatcher {
  private final List<String> patterns;

  PathMatcher(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  boolean matches(String path) {
    for (String pattern : patterns) {
      if (matches(pattern, path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String path) {
    if (pattern.endsWith("*")) {
      return path.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    if (!pattern.contains("{")) {
      return pattern.equals(path);
    }
    String[] want = pattern.split("/", -1);
    String[] got = path.split("/", -1);
    if (want.length != got.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean placeholder = want[i].startsWith("{") && want[i].endsWith("}");
      if (placeholder ? got[i].isEmpty() : !want[i].equals(got[i])) {
        return false;
      }
    }
    return true;
  }
}
