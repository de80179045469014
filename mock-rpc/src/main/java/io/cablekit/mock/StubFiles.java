package io.cablekit.mock;

import io.cablekit.mock.StubFileException.Problem;
import io.cablekit.mock.internal.files.Formats;
import io.cablekit.mock.internal.files.StubEncoder;
import io.cablekit.mock.internal.files.StubReader;
import io.cablekit.mock.internal.files.StubSources;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes stub files: YAML ({@code .yml}, {@code .yaml}) or JSON ({@code .json}) holding
 * exactly the model of the Java DSL (docs/stub-files.md; JSON Schema {@code
 * io/cablekit/mock/stubs.schema.json} on the classpath).
 *
 * <pre>{@code
 * rpc.replaceStubs(StubFiles.load(Path.of("src/test/resources/stubs")));
 * }</pre>
 *
 * <p>Loading is all or nothing: a problem anywhere fails the whole load with every problem of
 * every file, each naming the file and line. Stubs read from files get the source {@code
 * file.yml:line}. Stateless and thread-safe.
 */
public final class StubFiles {
  /** The two spellings of the format. */
  public enum Format {
    YAML,
    JSON
  }

  private StubFiles() {}

  /**
   * Parses one document: a list of stubs or an object with a {@code stubs} list. The format comes
   * from the extension of {@code sourceName} ({@code .json}, {@code .yml}, {@code .yaml}), else
   * from the text: JSON if it is JSON, else YAML.
   *
   * @param sourceName how problems and stub sources name the text, e.g. {@code chat.yml}
   * @throws StubFileException listing every problem of the document
   */
  public static List<Stub> parse(String text, String sourceName) throws StubFileException {
    StubReader.Result r =
        StubReader.read(text, sourceName, Formats.detect(sourceName, text), line -> sourceName + ":" + line, false);
    if (!r.problems().isEmpty()) {
      throw new StubFileException(r.problems());
    }
    return r.stubs();
  }

  /**
   * Loads a file, or every {@code .yml}, {@code .yaml} and {@code .json} file under a directory
   * (recursively, in path order; other and hidden files are skipped). Ids must be unique across
   * the files.
   *
   * @throws StubFileException listing every problem of every file; nothing is returned then
   */
  public static List<Stub> load(Path fileOrDir) throws StubFileException {
    StubReader.Result r = StubSources.read(fileOrDir);
    if (!r.problems().isEmpty()) {
      throw new StubFileException(r.problems());
    }
    return r.stubs();
  }

  /** Returns every problem of every file under {@code fileOrDir}; empty when the load would succeed. */
  public static List<Problem> validate(Path fileOrDir) {
    return StubSources.read(fileOrDir).problems();
  }

  /**
   * Writes stubs as a document {@code {stubs: [...]}} with their ids, so that {@code
   * parse(write(stubs))} gives equivalent stubs. Keys the stub's kind of call ignores are left out.
   *
   * @throws IllegalArgumentException if a stub has a reply or broadcast computed by a Java function
   */
  public static String write(List<Stub> stubs, Format format) {
    return Formats.print(StubEncoder.document(stubs, true), format);
  }
}
