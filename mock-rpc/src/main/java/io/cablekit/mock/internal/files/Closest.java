package io.cablekit.mock.internal.files;

import io.cablekit.server.internal.text.Typos;
import java.util.Collection;
import java.util.Locale;

/** Finds the word a typo was probably meant to be, for "did you mean" hints in stub files. */
final class Closest {
  private Closest() {}

  /** The candidate nearest to {@code word} (case-insensitive edit distance), or null if none is close. */
  static String to(String word, Collection<String> candidates) {
    // Stub keys are short (is, any, op): a third of the word, at least one edit, keeps hints honest.
    return Typos.nearest(word, candidates, w -> w.toLowerCase(Locale.ROOT), Math.max(1, word.length() / 3));
  }
}
