package io.cablekit.server.internal.session;

import io.cablekit.server.SessionInfo;
import io.cablekit.server.StateDiff;
import io.cablekit.server.internal.connection.WsFrames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client session: identity, the state the server keeps for the RPC server (PROTOCOL.md 2.5)
 * and the streams each subscription listens to.
 *
 * <p>Commands mutate it from the connection's reader thread; the hub, remote commands and the
 * inspection API read it from other threads. Every access to the mutable maps holds {@link #lock},
 * which is never held while blocking.
 */
public final class Session {
  private final String sid;
  private final String url;
  private final Map<String, String> headers;
  private final String protocol;
  private final Instant openedAt;
  private final SessionTransport transport;

  private final ReentrantLock lock = new ReentrantLock();
  // sized for the usual session (a subscription or two, a stream each): thousands of idle
  // sessions are the common case, and each empty slot costs memory (BENCHMARKS.md)
  private final Map<String, String> cstate = new HashMap<>(2);
  private final Set<String> subscriptions = new LinkedHashSet<>(2);
  private final Map<String, Map<String, String>> istate = new HashMap<>(2);
  private final Map<String, Set<String>> streams = new HashMap<>(2);

  /** identifier -> (presence stream, presence id) the session joined under it. */
  private Map<String, Presence> presences; // created on the first join
  private volatile String restoreSid;
  private volatile String identifiers;
  private volatile boolean authenticated;
  private volatile boolean disconnectInterest;
  private volatile boolean ended;

  public Session(
      String sid,
      String url,
      Map<String, String> headers,
      String protocol,
      Instant openedAt,
      SessionTransport transport) {
    this.sid = sid;
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.protocol = protocol == null ? "" : protocol;
    this.openedAt = openedAt;
    this.transport = transport;
  }

  public String sid() {
    return sid;
  }

  public String url() {
    return url;
  }

  /** The forwarded headers, {@code REMOTE_ADDR} included. */
  public Map<String, String> headers() {
    return headers;
  }

  public String protocol() {
    return protocol;
  }

  /** Whether the client negotiated the extended protocol {@code actioncable-v1-ext-json}. */
  public boolean extended() {
    return protocol.equals("actioncable-v1-ext-json");
  }

  /**
   * The sid of a previous session the client asked to restore ({@code X-AnyCable-Restore-SID} or
   * {@code ?sid=}), or null.
   */
  public String restoreSid() {
    return restoreSid;
  }

  public void restoreSid(String sid) {
    this.restoreSid = sid == null || sid.isBlank() ? null : sid;
  }

  /** The identifiers from Connect, or null before authentication. */
  public String identifiers() {
    return identifiers;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** Marks the session authenticated with these identifiers (Connect SUCCESS or noauth). */
  public void authenticate(String identifiers) {
    this.identifiers = identifiers;
    this.authenticated = true;
  }

  /** Whether an RPC result showed interest in a Disconnect call (PROTOCOL.md 2.6). */
  public boolean disconnectInterest() {
    return disconnectInterest;
  }

  public void markDisconnectInterest() {
    this.disconnectInterest = true;
  }

  /** Whether the connection has ended and the session was cleaned up. */
  public boolean ended() {
    return ended;
  }

  public void markEnded() {
    this.ended = true;
  }

  // ---- output ----

  /** Queues a text frame; returns false when the connection no longer accepts frames. */
  public boolean sendText(String text) {
    return transport.send(WsFrames.text(text));
  }

  /** Queues an already encoded frame (a broadcast shared by many sessions). */
  public boolean sendFrame(byte[] wsFrame) {
    return transport.send(wsFrame);
  }

  /** Sends {@code lastText} if not null, then closes with {@code code} and {@code reason}. */
  public void close(String lastText, int code, String reason) {
    transport.close(lastText, code, reason);
  }

  public boolean isOpen() {
    return transport.isOpen();
  }

  /** The client answered a ping with a {@code pong} command. */
  public void pong() {
    transport.pong();
  }

  // ---- state ----

  /** Merges a connection-state delta; returns what changed. */
  public StateDiff mergeCstate(Map<String, String> delta) {
    lock.lock();
    try {
      return StateDiff.merge(cstate, delta);
    } finally {
      lock.unlock();
    }
  }

  /** Merges a channel-state delta for one identifier; returns what changed. */
  public StateDiff mergeIstate(String identifier, Map<String, String> delta) {
    lock.lock();
    try {
      Map<String, String> state = istate.computeIfAbsent(identifier, k -> new HashMap<>(2));
      StateDiff diff = StateDiff.merge(state, delta);
      if (state.isEmpty()) {
        istate.remove(identifier);
      }
      return diff;
    } finally {
      lock.unlock();
    }
  }

  /** Returns a copy of the connection state. */
  public Map<String, String> cstate() {
    lock.lock();
    try {
      return Map.copyOf(cstate);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a copy of one identifier's channel state (empty when none). */
  public Map<String, String> istate(String identifier) {
    lock.lock();
    try {
      Map<String, String> state = istate.get(identifier);
      return state == null ? Map.of() : Map.copyOf(state);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a copy of every identifier's channel state. */
  public Map<String, Map<String, String>> istates() {
    lock.lock();
    try {
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      istate.forEach((id, state) -> out.put(id, Map.copyOf(state)));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Drops one identifier's channel state. */
  public void removeIstate(String identifier) {
    lock.lock();
    try {
      istate.remove(identifier);
    } finally {
      lock.unlock();
    }
  }

  // ---- subscriptions ----

  public boolean isSubscribed(String identifier) {
    lock.lock();
    try {
      return subscriptions.contains(identifier);
    } finally {
      lock.unlock();
    }
  }

  public void addSubscription(String identifier) {
    lock.lock();
    try {
      subscriptions.add(identifier.intern());
    } finally {
      lock.unlock();
    }
  }

  public void removeSubscription(String identifier) {
    lock.lock();
    try {
      subscriptions.remove(identifier);
    } finally {
      lock.unlock();
    }
  }

  /** Returns the subscribed identifiers in subscription order. */
  public List<String> subscriptions() {
    lock.lock();
    try {
      return List.copyOf(subscriptions);
    } finally {
      lock.unlock();
    }
  }

  /** Hub only: records that {@code identifier} listens to {@code stream}; returns false if it already did. */
  public boolean addStream(String identifier, String stream) {
    lock.lock();
    try {
      // identifiers and streams are shared by many sessions: one String each, not one per session
      return streams.computeIfAbsent(identifier.intern(), k -> new LinkedHashSet<>(2)).add(stream.intern());
    } finally {
      lock.unlock();
    }
  }

  /** Hub only: forgets that {@code identifier} listens to {@code stream}; returns false if it did not. */
  public boolean removeStream(String identifier, String stream) {
    lock.lock();
    try {
      Set<String> set = streams.get(identifier);
      if (set == null || !set.remove(stream)) {
        return false;
      }
      if (set.isEmpty()) {
        streams.remove(identifier);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the streams of one identifier. */
  public Set<String> streams(String identifier) {
    lock.lock();
    try {
      Set<String> set = streams.get(identifier);
      return set == null ? Set.of() : Set.copyOf(set);
    } finally {
      lock.unlock();
    }
  }

  /** Returns every (identifier, streams) pair, the identifiers of rejected subscribes included. */
  public Map<String, Set<String>> allStreams() {
    lock.lock();
    try {
      Map<String, Set<String>> out = new LinkedHashMap<>();
      streams.forEach((id, set) -> out.put(id, Set.copyOf(set)));
      return out;
    } finally {
      lock.unlock();
    }
  }

  // ---- presence ----

  /** A presence the session joined: the presence stream and the presence id. */
  public record Presence(String stream, String id) {}

  /** Records a join under an identifier; returns the presence it replaces, or null. */
  public Presence joinPresence(String identifier, String stream, String id) {
    lock.lock();
    try {
      if (presences == null) {
        presences = new LinkedHashMap<>(2);
      }
      return presences.put(identifier, new Presence(stream, id));
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the presence joined under an identifier; returns it, or null. */
  public Presence leavePresence(String identifier) {
    lock.lock();
    try {
      return presences == null ? null : presences.remove(identifier);
    } finally {
      lock.unlock();
    }
  }

  /** Every presence the session holds, by identifier. */
  public Map<String, Presence> presences() {
    lock.lock();
    try {
      return presences == null ? new LinkedHashMap<>() : new LinkedHashMap<>(presences);
    } finally {
      lock.unlock();
    }
  }

  /** The state a reconnecting client of the extended protocol gets back (PROTOCOL.md 3.6.4). */
  public SessionCache.Snapshot restorable() {
    lock.lock();
    try {
      List<SessionCache.Subscription> subs = new ArrayList<>();
      for (String id : subscriptions) {
        subs.add(
            new SessionCache.Subscription(
                id, istate.getOrDefault(id, Map.of()), List.copyOf(streams.getOrDefault(id, Set.of()))));
      }
      return new SessionCache.Snapshot(identifiers, cstate, subs, disconnectInterest);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a snapshot for the public inspection API. */
  public SessionInfo info() {
    lock.lock();
    try {
      List<SessionInfo.SubscriptionInfo> subs = new ArrayList<>();
      for (String id : subscriptions) {
        Set<String> s = streams.getOrDefault(id, Set.of());
        Map<String, String> state = istate.getOrDefault(id, Map.of());
        subs.add(new SessionInfo.SubscriptionInfo(id, List.copyOf(new TreeSet<>(s)), new TreeMap<>(state)));
      }
      return new SessionInfo(
          sid, url, headers, protocol, identifiers, new TreeMap<>(cstate), subs, openedAt);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "session " + sid;
  }
}
