package io.cablekit.server.internal.config;

import java.util.Collection;
import java.util.Locale;

/** Flag name rules: normalisation, environment variable names and "did you mean" suggestions. */
final class FlagNames {
  private FlagNames() {}

  /** {@code -} and {@code _} are interchangeable: names are compared with {@code _} only. */
  static String key(String name) {
    return name.replace('-', '_');
  }

  /** {@code ANYCABLE_} plus the upper-cased name with {@code -} turned into {@code _}. */
  static String envName(String name) {
    return "ANYCABLE_" + key(name).toUpperCase(Locale.ROOT);
  }

  /**
   * The error for an unknown flag: names the flag as typed and the closest of {@code known}
   * (canonical spellings) unless none is within max(2, length / 3) edits.
   */
  static String unknownFlag(String typed, String key, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      if (candidate.length() < 2) {
        continue; // -h and -v: single letters are "close" to every short typo
      }
      int d = distance(key, key(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best == null || bestDistance > Math.max(2, key.length() / 3)) {
      return "unknown flag " + typed + "; run with --help to list the options";
    }
    return "unknown flag " + typed + "; did you mean --" + best + "?";
  }

  /** Levenshtein distance (insertions, deletions and substitutions cost 1). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
