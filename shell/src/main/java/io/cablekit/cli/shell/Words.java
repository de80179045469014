package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words. Whitespace separates words; a JSON object or array is one
 * word however many spaces and lines it spans (an object also starts a new word); {@code "..."} and {@code '...'} quote. A line whose
 * braces, brackets or quotes are still open is {@linkplain #complete() incomplete}: the shell
 * reads the next line and continues the same command (multi-line JSON).
 */
final class Words {
  /**
   * One word.
   *
   * @param text the word with its quotes removed
   * @param raw the characters of the line exactly as typed (JSON arguments are read from this)
   * @param start index of the first character in the line
   * @param end index after the last character
   */
  record Word(String text, String raw, int start, int end) {}

  private final List<Word> words;
  private final boolean complete;

  private Words(List<Word> words, boolean complete) {
    this.words = List.copyOf(words);
    this.complete = complete;
  }

  List<Word> all() {
    return words;
  }

  /** Whether every brace, bracket and quote opened on the line was closed. */
  boolean complete() {
    return complete;
  }

  static Words split(String line) {
    List<Word> out = new ArrayList<>();
    boolean complete = true;
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      int depth = 0;
      boolean inString = false;
      while (i < n) {
        char c = line.charAt(i);
        if (depth > 0) {
          if (inString && c == '\\' && i + 1 < n) {
            text.append(c).append(line.charAt(i + 1));
            i += 2;
            continue;
          }
          if (c == '"') {
            inString = !inString;
          } else if (!inString && (c == '{' || c == '[')) {
            depth++;
          } else if (!inString && (c == '}' || c == ']')) {
            depth--;
          }
          text.append(c);
          i++;
          continue;
        }
        if (Character.isWhitespace(c)) {
          break;
        }
        if (c == '{' && !text.isEmpty()) {
          break; // speak{"text":"hi"} is an action and its data
        }
        if (c == '{' || c == '[') {
          depth++;
          text.append(c);
          i++;
        } else if (c == '"' || c == '\'') {
          int close = closingQuote(line, i + 1, c, text);
          if (close < 0) {
            complete = false;
            i = n;
          } else {
            i = close + 1;
          }
        } else {
          text.append(c);
          i++;
        }
      }
      if (depth > 0) {
        complete = false;
      }
      out.add(new Word(text.toString(), line.substring(start, i), start, i));
    }
    return new Words(out, complete);
  }

  /** Appends the quoted text to {@code text}; returns the index of the closing quote, or -1. */
  private static int closingQuote(String line, int from, char quote, StringBuilder text) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\' && quote == '"' && i + 1 < line.length()) {
        text.append(line.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == quote) {
        return i;
      }
      text.append(c);
      i++;
    }
    return -1;
  }
}
