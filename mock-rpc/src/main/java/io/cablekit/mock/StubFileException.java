package io.cablekit.mock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Stub files (or an admin request body) could not be loaded. The message lists every problem,
 * one per line, as {@code path/to/file.yml:12: stub 3 ("name"): reply: ...}; nothing was loaded.
 */
public final class StubFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One problem of a stub source.
   *
   * @param file the file (or {@code request body}) as it was named to the loader
   * @param line the 1-based line, or 0 for the whole file
   * @param message what is wrong, in plain words
   */
  public record Problem(String file, int line, String message) {
    /** {@code file:line: message}, or {@code file: message} for the whole file. */
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  /** @param problems at least one problem */
  public StubFileException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a StubFileException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, file by file in load order, each file's in line order. */
  public List<Problem> problems() {
    return problems;
  }
}
