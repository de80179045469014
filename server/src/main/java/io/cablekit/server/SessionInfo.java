package io.cablekit.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one WebSocket session as the server holds it.
 *
 * @param sid the session id (sent in {@code welcome} and as RPC metadata)
 * @param url the URL sent to RPC as {@code env.url}
 * @param headers the forwarded headers sent as {@code env.headers}, {@code REMOTE_ADDR} included
 * @param protocol the negotiated sub-protocol, or empty when the client offered none
 * @param identifiers the connection identifiers from Connect, or null before it succeeded
 * @param cstate the connection state
 * @param subscriptions the confirmed subscriptions, in the order they were made
 * @param openedAt when the WebSocket upgrade completed
 */
public record SessionInfo(
    String sid,
    String url,
    Map<String, String> headers,
    String protocol,
    String identifiers,
    Map<String, String> cstate,
    List<SubscriptionInfo> subscriptions,
    Instant openedAt) {
  public SessionInfo {
    headers = Map.copyOf(headers);
    cstate = Map.copyOf(cstate);
    subscriptions = List.copyOf(subscriptions);
  }

  /** Returns the subscription with this identifier, or null. */
  public SubscriptionInfo subscription(String identifier) {
    return subscriptions.stream()
        .filter(s -> s.identifier().equals(identifier))
        .findFirst()
        .orElse(null);
  }

  /**
   * One subscription (channel identifier) of a session.
   *
   * @param identifier the identifier string exactly as the client sent it
   * @param streams the streams it is subscribed to, sorted
   * @param istate the channel state of this identifier
   */
  public record SubscriptionInfo(String identifier, List<String> streams, Map<String, String> istate) {
    public SubscriptionInfo {
      streams = List.copyOf(streams);
      istate = Map.copyOf(istate);
    }
  }
}
