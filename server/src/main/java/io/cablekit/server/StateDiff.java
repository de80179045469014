package io.cablekit.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one RPC reply did to a state map (connection state or one channel's state): keys it
 * added, keys whose value it changed (with the new value), and keys it removed (PROTOCOL.md 2.5:
 * an empty string removes a key).
 */
public record StateDiff(Map<String, String> added, Map<String, String> changed, Set<String> removed) {
  /** The diff of a reply that changed nothing. */
  public static final StateDiff EMPTY = new StateDiff(Map.of(), Map.of(), Set.of());

  public StateDiff {
    added = Map.copyOf(added);
    changed = Map.copyOf(changed);
    removed = Set.copyOf(removed);
  }

  /** Whether the reply left the state as it was. */
  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }

  /**
   * Applies {@code delta} to {@code state} in place with AnyCable's merge rule and returns what
   * changed. A value equal to the current one is not a change.
   */
  public static StateDiff merge(Map<String, String> state, Map<String, String> delta) {
    if (delta.isEmpty()) {
      return EMPTY;
    }
    Map<String, String> added = new LinkedHashMap<>();
    Map<String, String> changed = new LinkedHashMap<>();
    Set<String> removed = new TreeSet<>();
    delta.forEach(
        (key, value) -> {
          if (value.isEmpty()) {
            if (state.remove(key) != null) {
              removed.add(key);
            }
          } else {
            String old = state.put(key, value);
            if (old == null) {
              added.put(key, value);
            } else if (!old.equals(value)) {
              changed.put(key, value);
            }
          }
        });
    if (added.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
      return EMPTY;
    }
    return new StateDiff(added, changed, removed);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    added.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('+').append(k).append('=').append(v));
    changed.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('~').append(k).append('=').append(v));
    removed.forEach(k -> out.append(out.length() > 1 ? ", " : "").append('-').append(k));
    return out.append('}').toString();
  }
}
