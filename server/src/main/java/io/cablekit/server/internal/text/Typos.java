package io.cablekit.server.internal.text;

import java.util.function.UnaryOperator;

/**
 * "Did you mean" support shared by every module: flag names, subcommands, stub-file keys, shell
 * commands and stream names in test failures all suggest the nearest known word the same way.
 */
public final class Typos {
  private Typos() {}

  /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
  public static int distance(CharSequence a, CharSequence b) {
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

  /** How many edits a typo of {@code word} may plausibly hold: a third of it, and at least two. */
  public static int allowance(String word) {
    return Math.max(2, word.length() / 3);
  }

  /** The nearest candidate within {@link #allowance} edits of {@code word}, or null. */
  public static String nearest(String word, Iterable<String> candidates) {
    return nearest(word, candidates, UnaryOperator.identity(), allowance(word));
  }

  /**
   * The candidate whose {@code key} is nearest to {@code key(word)}, or null when even that one is
   * more than {@code allowed} edits away. Ties go to the earlier candidate, so callers control
   * preference by order.
   */
  public static String nearest(
      String word, Iterable<String> candidates, UnaryOperator<String> key, int allowed) {
    String typed = key.apply(word);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(typed, key.apply(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= allowed ? best : null;
  }
}
