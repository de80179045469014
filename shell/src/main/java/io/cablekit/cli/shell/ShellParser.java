package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;

/**
 * JLine's view of a command line, split as the shell splits it ({@link Words}): the word under the
 * cursor for completion, and {@link EOFError} while a brace, bracket or quote is open so that
 * Enter continues the command on the next line (multi-line JSON).
 */
final class ShellParser implements Parser {
  @Override
  public CompletingParsedLine parse(String line, int cursor, ParseContext context) {
    Words words = Words.split(line);
    if (context == ParseContext.ACCEPT_LINE && !words.complete()) {
      throw new EOFError(-1, cursor, "the JSON is not closed yet", "json");
    }
    List<String> raw = new ArrayList<>();
    int index = -1;
    int wordCursor = 0;
    int before = 0;
    for (Words.Word w : words.all()) {
      if (cursor >= w.start() && cursor <= w.end()) {
        index = raw.size();
        wordCursor = cursor - w.start();
      }
      if (w.end() < cursor) {
        before++;
      }
      raw.add(w.raw());
    }
    if (index < 0) {
      index = before;
      raw.add(index, "");
    }
    return new Line(line, cursor, List.copyOf(raw), index, wordCursor);
  }

  /** Words are completed as typed: candidates (identifiers with quotes) go in unescaped. */
  private record Line(String line, int cursor, List<String> words, int wordIndex, int wordCursor) implements CompletingParsedLine {
    @Override
    public String word() {
      return words.get(wordIndex);
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor;
    }

    @Override
    public int rawWordLength() {
      return word().length();
    }
  }
}
