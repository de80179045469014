package io.cablekit.cli.shell;

import io.cablekit.server.internal.text.Typos;
import java.util.Collection;

/** "Did you mean" suggestions for shell commands, options and names. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}, or null when none is close enough to be a typo. A
   * candidate that {@code typed} begins (two letters or more) counts as one edit away, so a
   * half-typed name finds its command.
   */
  static String closest(String typed, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = Typos.distance(typed, c);
      if (c.startsWith(typed) && typed.length() >= 2) {
        d = Math.min(d, 1);
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Typos.allowance(typed) ? best : null;
  }
}
