package io.cablekit.server.internal.redis;

/** Where messages read from Redis go: the node's broadcast handling. */
@FunctionalInterface
public interface Ingress {
  /**
   * Handles one broadcast message (publication, batch or remote command) from {@code source}.
   *
   * @param fanOut whether every node already receives this message (legacy {@code redis} pub/sub),
   *     so it must not be relayed through the inter-node pub/sub
   */
  void accept(String payload, String source, boolean fanOut);
}
