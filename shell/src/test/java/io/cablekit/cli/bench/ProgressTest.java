package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void drawsABarOfThirtyCells() {
    assertThat(Progress.bar(5, 10)).isEqualTo("[###############---------------]  50%");
    assertThat(Progress.bar(0, 0)).isEqualTo("[##############################] 100%");
  }

  @Test
  void printsOneLinePerPhaseWhenNotOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    p.update("connect", 1, 100);
    p.update("connect", 2, 100);
    p.done("connect", 100, 100);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("[##############################] 100% connect    100/100");
  }
}
