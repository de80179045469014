package io.cablekit.server.internal.session;

import io.cablekit.server.internal.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every open session, and the authenticated ones by identifiers string (for remote disconnects,
 * PROTOCOL.md 2.7). Thread-safe.
 */
public final class SessionRegistry {
  private final Set<Session> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Session>> byIdentifiers = new ConcurrentHashMap<>();
  private final Set<Session> authenticated = ConcurrentHashMap.newKeySet();
  private final ReentrantLock emptyLock = new ReentrantLock();
  private final Condition empty = emptyLock.newCondition();

  public SessionRegistry(Metrics metrics) {
    metrics.gauge("clients_num", "The number of active clients", authenticated::size);
    metrics.gauge(
        "clients_uniq_num", "The number of unique clients (by connection identifiers)", byIdentifiers::size);
  }

  public void add(Session session) {
    open.add(session);
  }

  /** Indexes an authenticated session by its identifiers. */
  public void registerAuthenticated(Session session) {
    authenticated.add(session);
    byIdentifiers.computeIfAbsent(session.identifiers(), k -> ConcurrentHashMap.newKeySet()).add(session);
  }

  public void remove(Session session) {
    if (open.remove(session) && open.isEmpty()) {
      emptyLock.lock();
      try {
        empty.signalAll();
      } finally {
        emptyLock.unlock();
      }
    }
    if (authenticated.remove(session)) {
      byIdentifiers.computeIfPresent(
          session.identifiers(),
          (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
          });
    }
  }

  /** Returns the authenticated sessions whose identifiers string equals {@code identifiers}. */
  public List<Session> withIdentifiers(String identifiers) {
    Set<Session> set = byIdentifiers.get(identifiers);
    return set == null ? List.of() : List.copyOf(set);
  }

  /** Returns the session with this sid, or null. */
  public Session bySid(String sid) {
    for (Session s : open) {
      if (s.sid().equals(sid)) {
        return s;
      }
    }
    return null;
  }

  /** Returns every open session. */
  public List<Session> all() {
    return List.copyOf(open);
  }

  public int size() {
    return open.size();
  }

  /** Blocks until no session is open or the deadline ({@link System#nanoTime()}) passes. */
  public boolean awaitEmpty(long deadlineNanos) {
    emptyLock.lock();
    try {
      while (!open.isEmpty()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        empty.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      emptyLock.unlock();
    }
  }
}
