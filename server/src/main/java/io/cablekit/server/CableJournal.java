package io.cablekit.server;

import io.cablekit.server.internal.util.AwaitableLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a server did, in order: publications, RPC replies with their state diffs, sessions opened
 * and closed. Keeps the most recent events up to a limit. Thread-safe.
 */
public final class CableJournal {
  private final AwaitableLog<JournalEvent> events;

  /** Creates a journal keeping at most {@code limit} events (0 keeps none). */
  public CableJournal(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("journal limit must not be negative");
    }
    this.events = new AwaitableLog<>(limit);
  }

  /** Records an event and tells the listeners, on the calling thread. */
  public void record(JournalEvent event) {
    events.add(event);
  }

  /** Returns every retained event, oldest first. */
  public List<JournalEvent> events() {
    return events.snapshot();
  }

  /** Returns the retained events of one type, oldest first. */
  public <T extends JournalEvent> List<T> events(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (JournalEvent e : events()) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  /** Returns the publications accepted so far, oldest first. */
  public List<JournalEvent.Published> broadcasts() {
    return events(JournalEvent.Published.class);
  }

  /** Returns the publications to one stream, oldest first. */
  public List<JournalEvent.Published> broadcasts(String stream) {
    return broadcasts().stream().filter(p -> p.broadcast().stream().equals(stream)).toList();
  }

  /** Returns the RPC replies applied to one session, oldest first. */
  public List<JournalEvent.RpcReply> replies(String sid) {
    return events(JournalEvent.RpcReply.class).stream().filter(r -> r.sid().equals(sid)).toList();
  }

  /**
   * Blocks until an event matching {@code condition} is in the journal (already or later), or the
   * timeout passes.
   *
   * @return the first matching event, or null on timeout
   */
  public <T extends JournalEvent> T await(Class<T> type, Predicate<? super T> condition, Duration timeout)
      throws InterruptedException {
    List<T> found = awaitCount(type, condition, 1, timeout);
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Blocks until at least {@code count} events matching {@code condition} are in the journal, or
   * the timeout passes.
   *
   * @return the matching events, oldest first: {@code count} or more, or fewer on timeout
   */
  public <T extends JournalEvent> List<T> awaitCount(
      Class<T> type, Predicate<? super T> condition, int count, Duration timeout)
      throws InterruptedException {
    List<JournalEvent> found =
        events.await(e -> type.isInstance(e) && condition.test(type.cast(e)), count, timeout);
    List<T> typed = new ArrayList<>(found.size());
    found.forEach(e -> typed.add(type.cast(e)));
    return typed;
  }

  /**
   * Calls {@code listener} for every event recorded from now on, on the recording thread; it must
   * return quickly. Close the returned handle to stop.
   */
  public AutoCloseable subscribe(Consumer<JournalEvent> listener) {
    return events.subscribe(listener);
  }

  /** Forgets every retained event. */
  public void clear() {
    events.clear();
  }
}
