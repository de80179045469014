package io.cablekit.bench.jmh;

import io.cablekit.server.StateDiff;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code StateDiff.merge}: applying an RPC reply's state delta (PROTOCOL.md 2.5), done for
 * connection and channel state after every RPC.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateMergeBench {
  private Map<String, String> base;
  private Map<String, String> mixed;
  private Map<String, String> unchanged;

  @Setup
  public void setup() {
    base = new HashMap<>(Map.of("user", "42", "room", "lobby", "token", "abc", "seen", "1"));
    // one added, one changed, one removed
    mixed = Map.of("locale", "en", "room", "kitchen", "token", "");
    unchanged = Map.of("user", "42", "room", "lobby");
  }

  /** A delta that adds, changes and removes a key, on a fresh copy of the state. */
  @Benchmark
  public StateDiff mergeChanges() {
    return StateDiff.merge(new HashMap<>(base), mixed);
  }

  /** The common case: the reply repeats values the state already has. */
  @Benchmark
  public StateDiff mergeUnchanged() {
    return StateDiff.merge(base, unchanged);
  }

  /** An empty delta. */
  @Benchmark
  public StateDiff mergeEmpty() {
    return StateDiff.merge(base, Map.of());
  }
}
