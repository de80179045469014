package io.cablekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests are documentation: every {@code java} code block of the README must appear, line for
 * line (indentation aside), in a test source of the repository, where it compiles and runs. A test
 * may interleave checks of its own, marked with a trailing {@code // not in README}.
 */
class ReadmeSnippetsTest {
  @Test
  void everyJavaSnippetOfTheReadmesIsCompiledAsATest() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> snippets = new ArrayList<>(javaBlocks(Files.readString(root.resolve("README.md"))));
    assertThat(snippets).as("java blocks in README.md").isNotEmpty();
    snippets.addAll(javaBlocks(Files.readString(root.resolve("samples/README.md"))));
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(p -> sources.add(normalize(withoutHiddenLines(read(p)))));
    }
    for (String snippet : snippets) {
      String wanted = normalize(snippet);
      assertThat(sources.stream().anyMatch(s -> s.contains(wanted)))
          .as("README snippet found verbatim in a test source:%n%s", snippet)
          .isTrue();
    }
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    StringBuilder block = null;
    for (String line : lines) {
      if (block == null && line.strip().equals("```java")) {
        block = new StringBuilder();
      } else if (block != null && line.strip().equals("```")) {
        out.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return out;
  }

  /** Drops the lines a test adds to a README example: those ending in {@code // not in README}. */
  private static String withoutHiddenLines(String source) {
    StringBuilder out = new StringBuilder();
    for (String line : source.split("\n", -1)) {
      if (!line.stripTrailing().endsWith("// not in README")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Strips each line and drops blank lines, so indentation does not matter. */
  private static String normalize(String code) {
    StringBuilder out = new StringBuilder();
    for (String line : code.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty()) {
        out.append(l).append('\n');
      }
    }
    return out.toString();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
