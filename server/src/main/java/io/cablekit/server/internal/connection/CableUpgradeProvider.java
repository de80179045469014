package io.cablekit.server.internal.connection;

import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;

/**
 * Service-loaded provider of the WebSocket upgrade. CableKit owns the WebSocket layer rather than
 * using Helidon's listener API so that it controls what anycable-go compatibility needs: the
 * origin rule, close handshakes with arbitrary codes, frame size limits, pre-encoded broadcast
 * frames and knowing when a connection ends.
 */
public final class CableUpgradeProvider implements Http1UpgradeProvider<CableProtocolConfig> {
  @Override
  public String protocolType() {
    return CableProtocolConfig.TYPE;
  }

  @Override
  public Class<CableProtocolConfig> protocolConfigType() {
    return CableProtocolConfig.class;
  }

  @Override
  public Http1Upgrader create(CableProtocolConfig config, ProtocolConfigs configs) {
    return new CableUpgrader(config.node());
  }
}
