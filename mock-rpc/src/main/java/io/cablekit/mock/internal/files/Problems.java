package io.cablekit.mock.internal.files;

import io.cablekit.mock.StubFileException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The problems found in one source (a file or a request body), in line order. */
public final class Problems {
  private final String file;
  private final List<Problem> found = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  /** Records a problem; {@code line} 0 means the whole file. */
  public void add(int line, String message) {
    found.add(new Problem(file, line, message));
  }

  public int count() {
    return found.size();
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** The problems sorted by line (stable: problems of one line keep their order). */
  public List<Problem> list() {
    List<Problem> out = new ArrayList<>(found);
    out.sort(Comparator.comparingInt(Problem::line));
    return List.copyOf(out);
  }
}
