package io.cablekit.mock.internal.stubs;

import io.cablekit.mock.Reply;
import io.cablekit.mock.Stub;
import io.cablekit.mock.internal.matching.CallView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stubs of one mock, their sequence positions and scenario states. Selecting a stub and
 * advancing its sequence and scenario happen atomically, so concurrent calls never get the same
 * step of a sequence. Thread-safe; the lock is never held while blocking.
 */
public final class StubRegistry {
  /** The chosen stub and the reply it gives this time. */
  public record Selection(Stub stub, Reply reply) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Stub> stubs = new ArrayList<>();
  private final Map<String, Integer> hits = new HashMap<>();
  private final Map<String, String> scenarios = new LinkedHashMap<>();
  private long order;
  private final Map<String, Long> addedAt = new HashMap<>();

  /** Adds a stub (replacing one with the same id). */
  public void add(Stub stub) {
    lock.lock();
    try {
      stubs.removeIf(s -> s.id().equals(stub.id()));
      stubs.add(stub);
      addedAt.put(stub.id(), ++order);
      hits.put(stub.id(), 0);
      if (stub.scenario() != null) {
        scenarios.putIfAbsent(stub.scenario(), Stub.STARTED);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Replaces every stub at once (a reload): the old set stays if {@code replacement} is invalid. */
  public void replaceAll(List<Stub> replacement) {
    lock.lock();
    try {
      stubs.clear();
      hits.clear();
      addedAt.clear();
      scenarios.clear();
      replacement.forEach(this::add);
    } finally {
      lock.unlock();
    }
  }

  /** Replaces the stubs {@code which} selects, in place, keeping the others and their hits. */
  public void replace(java.util.function.Predicate<Stub> which, List<Stub> replacement) {
    lock.lock();
    try {
      List<Stub> kept = new ArrayList<>();
      int at = -1;
      for (Stub s : stubs) {
        if (which.test(s)) {
          if (at < 0) {
            at = kept.size();
          }
          hits.remove(s.id());
          addedAt.remove(s.id());
        } else {
          kept.add(s);
        }
      }
      stubs.clear();
      stubs.addAll(kept);
      int index = at < 0 ? 0 : at;
      for (Stub s : replacement) {
        stubs.removeIf(x -> x.id().equals(s.id()));
        stubs.add(Math.min(index++, stubs.size()), s);
        addedAt.put(s.id(), ++order);
        hits.put(s.id(), 0);
        if (s.scenario() != null) {
          scenarios.putIfAbsent(s.scenario(), Stub.STARTED);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  public boolean remove(String id) {
    lock.lock();
    try {
      hits.remove(id);
      addedAt.remove(id);
      return stubs.removeIf(s -> s.id().equals(id));
    } finally {
      lock.unlock();
    }
  }

  public void clear() {
    replaceAll(List.of());
  }

  /** Returns the stubs in the order they were added. */
  public List<Stub> all() {
    lock.lock();
    try {
      return List.copyOf(stubs);
    } finally {
      lock.unlock();
    }
  }

  public boolean isEmpty() {
    lock.lock();
    try {
      return stubs.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** How many calls each stub answered, by id. */
  public Map<String, Integer> hits() {
    lock.lock();
    try {
      return Map.copyOf(hits);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Picks the stub for a call (highest priority, then most recently added) among those whose
   * pattern and scenario state match; advances its sequence and scenario. Null when none matches.
   */
  public Selection select(CallView call) {
    lock.lock();
    try {
      Stub best = null;
      for (Stub stub : stubs) {
        if (!stateMatches(stub) || !stub.pattern().mismatches(call).isEmpty()) {
          continue;
        }
        if (best == null || better(stub, best)) {
          best = stub;
        }
      }
      if (best == null) {
        return null;
      }
      int n = hits.merge(best.id(), 1, Integer::sum);
      Reply reply = best.replies().get(Math.min(n - 1, best.replies().size() - 1));
      if (best.scenario() != null && best.newState() != null) {
        scenarios.put(best.scenario(), best.newState());
      }
      return new Selection(best, reply);
    } finally {
      lock.unlock();
    }
  }

  private boolean better(Stub candidate, Stub current) {
    if (candidate.priority() != current.priority()) {
      return candidate.priority() < current.priority();
    }
    return addedAt.get(candidate.id()) > addedAt.get(current.id());
  }

  private boolean stateMatches(Stub stub) {
    if (stub.scenario() == null || stub.requiredState() == null) {
      return true;
    }
    return stub.requiredState().equals(scenarios.getOrDefault(stub.scenario(), Stub.STARTED));
  }

  /** Stubs ordered by how close they come to matching (for near-miss reports). */
  public List<Stub> byPriority() {
    List<Stub> out = all();
    out = new ArrayList<>(out);
    out.sort(Comparator.comparingInt(Stub::priority));
    return out;
  }

  // ---- scenarios ----

  public Map<String, String> scenarios() {
    lock.lock();
    try {
      return Map.copyOf(scenarios);
    } finally {
      lock.unlock();
    }
  }

  public String scenarioState(String name) {
    lock.lock();
    try {
      return scenarios.get(name);
    } finally {
      lock.unlock();
    }
  }

  public void setScenarioState(String name, String state) {
    lock.lock();
    try {
      scenarios.put(name, state);
    } finally {
      lock.unlock();
    }
  }

  /** Puts every scenario back to {@link Stub#STARTED} and restarts every sequence. */
  public void resetScenarios() {
    lock.lock();
    try {
      scenarios.replaceAll((k, v) -> Stub.STARTED);
      hits.replaceAll((k, v) -> 0);
    } finally {
      lock.unlock();
    }
  }
}
