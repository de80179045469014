package io.cablekit.cli.shell;

/** Writing words so that the shell reads them back unchanged. */
final class ScriptText {
  private ScriptText() {}

  /** The word as is when it has no spaces or quotes, else in quotes. */
  static String quote(String word) {
    if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '{' || c == '[')) {
      return word;
    }
    if (word.indexOf('\'') < 0) {
      return "'" + word + "'";
    }
    return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
