package io.cablekit.mock.internal.files;

import io.cablekit.mock.Count;
import io.cablekit.mock.RequestPattern;
import io.cablekit.mock.Stub;
import io.cablekit.mock.StubFileException.Problem;
import io.cablekit.mock.StubFiles.Format;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Entry point of the stub format's reading side: text to stubs or match requests, with every problem. */
public final class StubReader {
  private StubReader() {}

  /** The stubs read (only when there is no problem at all, else empty) and the problems. */
  public record Result(List<Located> located, List<Problem> problems) {
    public Result {
      located = List.copyOf(located);
      problems = List.copyOf(problems);
    }

    public List<Stub> stubs() {
      return located.stream().map(Located::stub).toList();
    }
  }

  /**
   * Reads one document.
   *
   * @param file how problems name the source
   * @param source the {@link Stub#source()} of the stub starting at a line
   * @param allowSingle whether the root may be a single stub object (admin API bodies)
   */
  public static Result read(String text, String file, Format format, IntFunction<String> source, boolean allowSingle) {
    Problems problems = new Problems(file);
    Node root = TreeReader.read(text, format, problems);
    List<Located> stubs = StubDecoder.document(root, problems, source, allowSingle);
    List<Problem> all = new ArrayList<>(problems.list());
    all.addAll(duplicateIds(stubs));
    all.sort(Comparator.comparingInt(Problem::line));
    return new Result(all.isEmpty() ? stubs : List.of(), all);
  }

  /** Problems for every id used by an earlier stub of {@code stubs} (in load order). */
  public static List<Problem> duplicateIds(List<Located> stubs) {
    Map<String, Located> seen = new HashMap<>();
    List<Problem> out = new ArrayList<>();
    for (Located s : stubs) {
      Located first = seen.putIfAbsent(s.stub().id(), s);
      if (first != null) {
        String where = first.file().equals(s.file()) ? "line " + first.line() : first.file() + ":" + first.line();
        out.add(new Problem(s.file(), s.line(),
            s.label() + ": id \"" + s.stub().id() + "\" is already used by " + first.label() + " at " + where));
      }
    }
    return out;
  }

  /** A request naming calls: {@code {match: {...}}} (or the match object itself) and, for a verification, a count. */
  public record MatchRequest(RequestPattern pattern, Count count, List<Problem> problems) {}

  /** Reads the body of a count or verify request; {@code count} defaults to at least once. */
  public static MatchRequest readMatchRequest(String text, String file, Format format, boolean withCount) {
    Problems problems = new Problems(file);
    Node root = TreeReader.read(text, format, problems);
    Scope top = Scope.top(problems);
    if (root == null) {
      if (problems.isEmpty()) {
        problems.add(0, "expected an object with a match, got an empty body");
      }
      return new MatchRequest(null, null, problems.list());
    }
    if (!top.object(root, "an object with a match")) {
      return new MatchRequest(null, null, problems.list());
    }
    boolean wrapped = root.has("match") || root.has("count");
    Node match = wrapped ? root.get("match") : root;
    if (wrapped) {
      top.keys(root, withCount ? List.of("match", "count") : List.of("match"));
    }
    RequestPattern pattern = match == null ? RequestPattern.any() : MatchDecoder.decode(top.child("match"), match).pattern();
    Count count = withCount && root.has("count") ? count(top.child("count"), root.get("count")) : Count.atLeast(1);
    return problems.isEmpty() ? new MatchRequest(pattern, count, List.of()) : new MatchRequest(null, null, problems.list());
  }

  private static Count count(Scope s, Node n) {
    if (!s.object(n, "{exactly: n}, {at_least: n} or {at_most: n}")) {
      return null;
    }
    s.keys(n, List.of("exactly", "at_least", "at_most"));
    if (n.fields().size() != 1) {
      s.problem(n, "expected one of exactly, at_least and at_most, got " + n.fields().size());
      return null;
    }
    var e = n.fields().entrySet().iterator().next();
    Integer value = s.child(e.getKey()).integer(e.getValue(), 0);
    if (value == null) {
      return null;
    }
    return switch (e.getKey()) {
      case "exactly" -> Count.times(value);
      case "at_least" -> Count.atLeast(value);
      case "at_most" -> Count.atMost(value);
      default -> null;
    };
  }
}
