package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.helidon.webserver.spi.ProtocolConfig;

/**
 * Adds CableKit's WebSocket upgrade to a Helidon listener. Helidon finds {@link
 * CableUpgradeProvider} through the service loader and creates the upgrader from this config.
 */
public record CableProtocolConfig(Node node) implements ProtocolConfig {
  static final String TYPE = "cablekit-websocket";

  @Override
  public String name() {
    return TYPE;
  }

  @Override
  public String type() {
    return TYPE;
  }
}
