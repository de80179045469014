package io.cablekit.server.internal.broker;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory broker of the extended protocol (PROTOCOL.md 3.6.1, {@code --broker=memory}):
 * stamps every stored publication with a per-stream offset and this process's epoch, and keeps
 * the last {@code limit} messages of each stream for {@code ttl} so clients can ask for what they
 * missed. One node's broker knows only the publications that node delivered.
 */
public final class MemoryBroker {
  private static final char[] EPOCH_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** A stored message: its offset, when it was stored, and what a client receives. */
  public record Entry(long offset, long storedAtMillis, String message, String type) {}

  /** Why a history request cannot be answered; the client gets {@code reject_history}. */
  public static final class HistoryUnavailable extends Exception {
    HistoryUnavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final String epoch;
  private final int limit;
  private final long ttlMillis;
  private final Clock clock;
  private final Map<String, StreamLog> streams = new ConcurrentHashMap<>();

  public MemoryBroker(int limit, Duration ttl, Clock clock) {
    if (limit <= 0) {
      throw new IllegalArgumentException("history limit must be positive, got " + limit);
    }
    this.limit = limit;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.epoch = newEpoch();
  }

  /** The id of this broker instance, sent as {@code epoch} with every position. */
  public String epoch() {
    return epoch;
  }

  /** Stores a message and returns its offset in the stream, starting at 1. */
  public long append(String stream, String message, String type) {
    long now = clock.millis();
    while (true) {
      StreamLog log = streams.computeIfAbsent(stream, k -> new StreamLog());
      log.lock.lock();
      try {
        if (log.removed) {
          continue; // swept between the lookup and the lock: take the new one
        }
        log.expire(now);
        long offset = ++log.lastOffset;
        log.lastAppend = now;
        log.entries.addLast(new Entry(offset, now, message, type));
        if (log.entries.size() > limit) {
          log.entries.removeFirst();
        }
        return offset;
      } finally {
        log.lock.unlock();
      }
    }
  }

  /**
   * The messages after a known position.
   *
   * @throws HistoryUnavailable when the epoch is another broker's, the stream has no history, or
   *     messages after {@code offset} were already evicted
   */
  public List<Entry> after(String stream, String epoch, long offset) throws HistoryUnavailable {
    if (!this.epoch.equals(epoch)) {
      throw new HistoryUnavailable("unknown epoch \"" + epoch + "\", current is \"" + this.epoch + "\"");
    }
    StreamLog log = streams.get(stream);
    if (log == null) {
      throw new HistoryUnavailable("no history for stream \"" + stream + "\"");
    }
    log.lock.lock();
    try {
      log.expire(clock.millis());
      if (offset > log.lastOffset) {
        throw new HistoryUnavailable(
            "offset " + offset + " of \"" + stream + "\" is ahead of the last one, " + log.lastOffset);
      }
      long first = log.entries.isEmpty() ? log.lastOffset + 1 : log.entries.peekFirst().offset();
      if (offset + 1 < first) {
        throw new HistoryUnavailable(
            "messages of \"" + stream + "\" after offset " + offset + " were evicted (oldest kept: " + first + ")");
      }
      List<Entry> out = new ArrayList<>();
      for (Entry e : log.entries) {
        if (e.offset() > offset) {
          out.add(e);
        }
      }
      return out;
    } finally {
      log.lock.unlock();
    }
  }

  /** The retained messages stored at or after a Unix time in seconds (none for an unknown stream). */
  public List<Entry> since(String stream, long unixSeconds) {
    StreamLog log = streams.get(stream);
    if (log == null) {
      return List.of();
    }
    long fromMillis = unixSeconds * 1000;
    log.lock.lock();
    try {
      log.expire(clock.millis());
      List<Entry> out = new ArrayList<>();
      for (Entry e : log.entries) {
        if (e.storedAtMillis() >= fromMillis) {
          out.add(e);
        }
      }
      return out;
    } finally {
      log.lock.unlock();
    }
  }

  /**
   * Drops expired messages, and forgets streams that have been empty for a whole TTL (their
   * offsets would restart at 1, so a client's old position must have expired with them).
   */
  public void sweep() {
    long now = clock.millis();
    streams.forEach(
        (name, log) -> {
          log.lock.lock();
          try {
            log.expire(now);
            if (log.entries.isEmpty() && now - log.lastAppend >= ttlMillis) {
              log.removed = true;
              streams.remove(name, log);
            }
          } finally {
            log.lock.unlock();
          }
        });
  }

  /** Number of streams with history (for inspection and tests). */
  public int streamCount() {
    return streams.size();
  }

  private final class StreamLog {
    final ReentrantLock lock = new ReentrantLock();
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long lastOffset;
    long lastAppend = clock.millis();
    boolean removed;

    void expire(long now) {
      while (!entries.isEmpty() && now - entries.peekFirst().storedAtMillis() > ttlMillis) {
        entries.removeFirst();
      }
    }
  }

  private static String newEpoch() {
    SecureRandom random = new SecureRandom();
    char[] out = new char[4];
    for (int i = 0; i < out.length; i++) {
      out[i] = EPOCH_CHARS[random.nextInt(EPOCH_CHARS.length)];
    }
    return new String(out);
  }
}
