package io.cablekit.server.internal.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is present on each presence stream (PROTOCOL.md 3.6.6): presence ids with their info and
 * the sessions that joined under each. A presence id is present while at least one of its
 * sessions is: {@code join} events are for the first session of an id, {@code leave} events for
 * the last. One node's store knows the sessions of that node.
 */
public final class PresenceStore {
  /** One present id: its latest info (JSON text) and the sids that joined under it. */
  private static final class Member {
    String info;
    final Set<String> sids = new LinkedHashSet<>();

    Member(String info) {
      this.info = info;
    }
  }

  /** A present id as the {@code info} reply lists it. */
  public record Record(String id, String info) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Map<String, Member>> streams = new HashMap<>();

  /** Adds a session under a presence id; returns true when the id was not present before. */
  public boolean join(String stream, String id, String info, String sid) {
    lock.lock();
    try {
      Map<String, Member> members = streams.computeIfAbsent(stream, k -> new LinkedHashMap<>());
      Member member = members.get(id);
      if (member == null) {
        member = new Member(info);
        members.put(id, member);
        member.sids.add(sid);
        return true;
      }
      member.info = info;
      member.sids.add(sid);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a session from a presence id; returns true when that was the id's last session. */
  public boolean leave(String stream, String id, String sid) {
    lock.lock();
    try {
      Map<String, Member> members = streams.get(stream);
      Member member = members == null ? null : members.get(id);
      if (member == null || !member.sids.remove(sid) || !member.sids.isEmpty()) {
        return false;
      }
      members.remove(id);
      if (members.isEmpty()) {
        streams.remove(stream);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The ids present on a stream, in the order they joined. */
  public List<Record> records(String stream) {
    lock.lock();
    try {
      List<Record> out = new ArrayList<>();
      streams.getOrDefault(stream, Map.of()).forEach((id, m) -> out.add(new Record(id, m.info)));
      return out;
    } finally {
      lock.unlock();
    }
  }
}
