package io.cablekit.server.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of ended extended-protocol sessions, kept {@code sessions_ttl} so a client that
 * reconnects with its previous sid gets it back without a Connect RPC (PROTOCOL.md 3.6.4).
 */
public final class SessionCache {
  /**
   * What a session restores: identifiers, connection state, and per subscription (in order) its
   * channel state and streams.
   */
  public record Snapshot(
      String identifiers,
      Map<String, String> cstate,
      List<Subscription> subscriptions,
      boolean disconnectInterest) {
    public Snapshot {
      cstate = Map.copyOf(cstate);
      subscriptions = List.copyOf(subscriptions);
    }
  }

  /** One restored subscription. */
  public record Subscription(String identifier, Map<String, String> istate, List<String> streams) {
    public Subscription {
      istate = Map.copyOf(istate);
      streams = List.copyOf(streams);
    }
  }

  private record Held(Snapshot snapshot, long expiresAtMillis) {}

  private final Map<String, Held> bySid = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final Clock clock;

  public SessionCache(Duration ttl, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
  }

  /** Keeps the state of the session with this sid for the TTL from now. */
  public void put(String sid, Snapshot snapshot) {
    bySid.put(sid, new Held(snapshot, clock.millis() + ttlMillis));
  }

  /** Removes and returns the state kept for a sid, or null when there is none or it expired. */
  public Snapshot take(String sid) {
    Held held = bySid.remove(sid);
    return held == null || held.expiresAtMillis() < clock.millis() ? null : held.snapshot();
  }

  /** Drops expired entries. */
  public void sweep() {
    long now = clock.millis();
    bySid.values().removeIf(h -> h.expiresAtMillis() < now);
  }

  public int size() {
    return bySid.size();
  }
}
