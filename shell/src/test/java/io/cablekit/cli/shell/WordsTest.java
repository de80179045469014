package io.cablekit.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;

class WordsTest {
  private static List<String> raw(String line) {
    return Words.split(line).all().stream().map(Words.Word::raw).toList();
  }

  @Test
  void keepsAJsonValueInOneWordWhateverItsSpaces() {
    assertThat(raw("perform speak {\"text\": \"hi there\", \"to\": [1, 2]} --within 2s"))
        .containsExactly("perform", "speak", "{\"text\": \"hi there\", \"to\": [1, 2]}", "--within", "2s");
  }

  @Test
  void anObjectStartsANewWord() {
    assertThat(raw("perform speak{\"text\": \"hi\"}")).containsExactly("perform", "speak", "{\"text\": \"hi\"}");
  }

  @Test
  void bracesInsideJsonStringsDoNotCount() {
    Words w = Words.split("expect {\"text\": \"a } b { \\\" c\"}");
    assertThat(w.complete()).isTrue();
    assertThat(w.all()).hasSize(2);
  }

  @Test
  void quotesGroupAndAreRemovedFromTheText() {
    Words w = Words.split("connect -H 'X-Token: a b' --cookie \"uid=1 2\"");
    assertThat(w.all().stream().map(Words.Word::text)).containsExactly("connect", "-H", "X-Token: a b", "--cookie", "uid=1 2");
  }

  @Test
  void anOpenBraceOrQuoteMakesTheLineIncomplete() {
    assertThat(Words.split("subscribe ChatChannel {\"room\":").complete()).isFalse();
    assertThat(Words.split("subscribe ChatChannel {\"room\":\n \"1\"}").complete()).isTrue();
    assertThat(Words.split("broadcast chat \"unterminated").complete()).isFalse();
  }

  @Test
  void parserAsksForMoreLinesWhileJsonIsOpen() {
    ShellParser parser = new ShellParser();
    assertThatThrownBy(() -> parser.parse("perform speak {\"text\":", 22, Parser.ParseContext.ACCEPT_LINE))
        .isInstanceOf(EOFError.class);
    assertThat(parser.parse("perform speak {\"text\":\n\"hi\"}", 27, Parser.ParseContext.ACCEPT_LINE).words())
        .containsExactly("perform", "speak", "{\"text\":\n\"hi\"}");
  }

  @Test
  void parserFindsTheWordUnderTheCursorForCompletion() {
    ShellParser parser = new ShellParser();
    ParsedLine middle = parser.parse("subscribe Cha", 13, Parser.ParseContext.COMPLETE);
    assertThat(middle.wordIndex()).isEqualTo(1);
    assertThat(middle.word()).isEqualTo("Cha");
    assertThat(middle.wordCursor()).isEqualTo(3);
    ParsedLine after = parser.parse("use ", 4, Parser.ParseContext.COMPLETE);
    assertThat(after.words()).containsExactly("use", "");
    assertThat(after.wordIndex()).isEqualTo(1);
  }

  @Test
  void optionsTakeValuesInBothSpellings() throws ShellException {
    Args args = Args.parse("connect", Words.split("ws://h --as=bob -H a:b --header c:d --no_wait").all(),
        java.util.Set.of("as", "H", "header"), java.util.Set.of("no-wait"));
    assertThat(args.positional().stream().map(Words.Word::text)).containsExactly("ws://h");
    assertThat(args.option("as", null)).isEqualTo("bob");
    assertThat(args.all("H")).containsExactly("a:b");
    assertThat(args.all("header")).containsExactly("c:d");
    assertThat(args.flag("no-wait")).isTrue();
  }
}
