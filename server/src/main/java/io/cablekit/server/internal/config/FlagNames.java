package io.cablekit.server.internal.config;

import io.cablekit.server.internal.text.Typos;
import java.util.Collection;
import java.util.List;
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
    // -h and -v are left out: single letters are "close" to every short typo
    List<String> candidates = known.stream().filter(name -> name.length() >= 2).toList();
    String best = Typos.nearest(key, candidates, FlagNames::key, Typos.allowance(key));
    if (best == null) {
      return "unknown flag " + typed + "; run with --help to list the options";
    }
    return "unknown flag " + typed + "; did you mean --" + best + "?";
  }
}
