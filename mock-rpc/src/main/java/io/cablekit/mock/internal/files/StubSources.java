package io.cablekit.mock.internal.files;

import io.cablekit.mock.StubFileException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a stub file, or every {@code .yml}, {@code .yaml} and {@code .json} file under a
 * directory (recursively, in path order; hidden files and directories are skipped), as one load:
 * ids must be unique across the files.
 */
public final class StubSources {
  private StubSources() {}

  /** Every stub and every problem of every file under {@code fileOrDir}. */
  public static StubReader.Result read(Path fileOrDir) {
    List<Located> stubs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Path> files;
    try {
      files = files(fileOrDir);
    } catch (NoSuchFileException e) {
      return new StubReader.Result(List.of(), List.of(new Problem(fileOrDir.toString(), 0, "no such file or directory")));
    } catch (IOException | UncheckedIOException e) {
      return new StubReader.Result(List.of(), List.of(new Problem(fileOrDir.toString(), 0, "cannot list: " + e.getMessage())));
    }
    for (Path file : files) {
      String name = file.toString();
      String text;
      try {
        text = Files.readString(file);
      } catch (CharacterCodingException e) {
        problems.add(new Problem(name, 0, "not UTF-8 text"));
        continue;
      } catch (IOException e) {
        problems.add(new Problem(name, 0, "cannot read: " + e));
        continue;
      }
      StubReader.Result r = StubReader.read(text, name, Formats.detect(name, text), line -> name + ":" + line, false);
      problems.addAll(r.problems());
      stubs.addAll(r.located());
    }
    problems.addAll(StubReader.duplicateIds(stubs));
    List<String> order = files.stream().map(Path::toString).toList();
    problems.sort(Comparator.<Problem>comparingInt(p -> order.indexOf(p.file())).thenComparingInt(Problem::line));
    return new StubReader.Result(problems.isEmpty() ? stubs : List.of(), problems);
  }

  /** The files a load reads, in load order. */
  public static List<Path> files(Path fileOrDir) throws IOException {
    if (!Files.isDirectory(fileOrDir)) {
      if (!Files.exists(fileOrDir)) {
        throw new NoSuchFileException(fileOrDir.toString());
      }
      return List.of(fileOrDir);
    }
    try (Stream<Path> walk = Files.walk(fileOrDir)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(p -> visible(fileOrDir, p) && Formats.isStubFile(p.getFileName().toString()))
          .sorted(Comparator.comparing(p -> fileOrDir.relativize(p).toString().replace('\\', '/')))
          .toList();
    }
  }

  private static boolean visible(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }
}
