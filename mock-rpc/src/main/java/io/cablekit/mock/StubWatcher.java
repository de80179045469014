package io.cablekit.mock;

import io.cablekit.mock.StubFileException.Problem;
import io.cablekit.mock.internal.files.FileWatch;
import io.cablekit.mock.internal.files.StubReader;
import io.cablekit.mock.internal.files.StubSources;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reloads stub files into a mock whenever a file under a path changes (debounced ~200 ms), so an
 * edited file takes effect without a restart. A reload replaces the stubs that came from these
 * files (their {@link Stub#source()} lies under the path, as with {@link StubFiles#load}) and
 * keeps the others (Java DSL, admin API) in place; as with {@link MockRpc#replaceStubs}, hit
 * counts and scenarios restart. A broken reload is logged with every problem and the previous
 * stubs stay active. Does not load at start: load first with {@link StubFiles#load}.
 *
 * <pre>{@code
 * rpc.replaceStubs(StubFiles.load(dir));
 * try (StubWatcher watcher = StubWatcher.watch(rpc, dir)) { ... }
 * }</pre>
 */
public final class StubWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StubWatcher.class.getName());
  private static final Duration DEBOUNCE = Duration.ofMillis(200);

  /**
   * The outcome of one reload.
   *
   * @param stubs the stubs now active from the files (empty when the reload failed)
   * @param problems every problem of every file; empty when the reload succeeded
   */
  public record Reload(List<Stub> stubs, List<Problem> problems) {
    public Reload {
      stubs = List.copyOf(stubs);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final MockRpc mock;
  private final Path path;
  private final String sourcePrefix;
  private final Consumer<Reload> listener;
  private volatile String lastFingerprint;
  private FileWatch watch;

  private StubWatcher(MockRpc mock, Path path, Consumer<Reload> listener) {
    this.mock = mock;
    this.path = path;
    this.sourcePrefix = path + (Files.isDirectory(path) ? File.separator : ":");
    this.listener = listener;
    this.lastFingerprint = fingerprint();
  }

  /** Starts watching {@code fileOrDir}, which must exist; reloads are logged. */
  public static StubWatcher watch(MockRpc mock, Path fileOrDir) {
    return watch(mock, fileOrDir, reload -> { });
  }

  /**
   * Starts watching {@code fileOrDir}, which must exist, and tells {@code listener} the outcome of
   * every reload (on the watcher's thread), e.g. for a shell to print the problems.
   *
   * @throws UncheckedIOException if the path does not exist or cannot be watched
   */
  public static StubWatcher watch(MockRpc mock, Path fileOrDir, Consumer<Reload> listener) {
    StubWatcher watcher = new StubWatcher(mock, fileOrDir, listener);
    try {
      watcher.watch = FileWatch.start(fileOrDir, DEBOUNCE, watcher::reload);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + fileOrDir + ": " + e.getMessage(), e);
    }
    return watcher;
  }

  private void reload() {
    String fingerprint = fingerprint();
    if (fingerprint.equals(lastFingerprint)) {
      return; // an event without a change of content (a touch, an editor's temporary file)
    }
    lastFingerprint = fingerprint;
    StubReader.Result read = StubSources.read(path);
    Reload outcome;
    if (read.problems().isEmpty()) {
      replace(read.stubs());
      LOG.log(System.Logger.Level.INFO, "reloaded " + read.stubs().size() + " stubs from " + path);
      outcome = new Reload(read.stubs(), List.of());
    } else {
      LOG.log(System.Logger.Level.WARNING, "stub files under " + path + " have problems; the previous stubs stay active:\n"
          + read.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
      outcome = new Reload(List.of(), read.problems());
    }
    try {
      listener.accept(outcome);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "stub reload listener failed", e);
    }
  }

  /** Puts the new file stubs where the old ones were, atomically (file stubs first if none). */
  private void replace(List<Stub> fresh) {
    mock.replaceStubs(this::fromTheseFiles, fresh);
  }

  private boolean fromTheseFiles(Stub s) {
    return s.source() != null && s.source().startsWith(sourcePrefix);
  }

  /** A digest of the names and contents of the files a load reads. */
  private String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : StubSources.files(path)) {
        digest.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | UncheckedIOException e) {
      return "unreadable " + System.nanoTime();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  /** Stops watching. Idempotent. */
  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
