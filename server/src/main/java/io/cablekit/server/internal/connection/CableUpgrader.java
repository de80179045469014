package io.cablekit.server.internal.connection;

import io.cablekit.server.internal.Node;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Turns an HTTP/1.1 upgrade request on a WebSocket path into a {@link CableConnection}
 * (PROTOCOL.md 2.1, 3.1): checks the handshake and the origin, negotiates the sub-protocol,
 * chooses the sid and builds the env the RPC server will see.
 *
 * <p>Requests on other paths return null, so Helidon routes them as plain HTTP.
 */
final class CableUpgrader implements Http1Upgrader {
  static final String JSON_PROTOCOL = Handshake.JSON_PROTOCOL;
  static final String EXT_JSON_PROTOCOL = Handshake.EXT_JSON_PROTOCOL;

  private final Node node;
  private final Handshake handshake;

  CableUpgrader(Node node) {
    this.node = node;
    this.handshake = new Handshake(node);
  }

  @Override
  public String supportedProtocol() {
    return "websocket";
  }

  @Override
  public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
    if (!handshake.matches(prologue.uriPath().path())) {
      return null;
    }
    String rawQuery = prologue.query().rawValue();
    Handshake.Accepted accepted;
    try {
      accepted =
          handshake.accept(
              new Handshake.Request(
                  prologue.method().text(),
                  prologue.uriPath().rawPath(),
                  rawQuery == null || rawQuery.isEmpty() ? null : rawQuery,
                  name -> headers.all(HeaderNames.create(name), java.util.List::of),
                  ctx.isSecure(),
                  remoteAddress(ctx)));
    } catch (Handshake.Refused e) {
      throw reject(e);
    }
    CableConnection connection =
        new CableConnection(
            ctx,
            node,
            new Pinger.Settings(
                accepted.pingInterval(), accepted.pingPrecision(), node.clock(), node.config().pongTimeout()));
    connection.attach(accepted.session(connection, node.clock().instant()));
    ctx.dataWriter().writeNow(BufferData.create(accepted.response().getBytes(StandardCharsets.US_ASCII)));
    return connection;
  }

  private static RequestException reject(Handshake.Refused refused) {
    RequestException.Builder b = RequestException.builder().message(refused.getMessage());
    switch (refused.status()) {
      case 400 -> b.type(DirectHandler.EventType.BAD_REQUEST);
      case 403 -> b.type(DirectHandler.EventType.FORBIDDEN);
      default -> b.type(DirectHandler.EventType.OTHER).status(Status.create(refused.status()));
    }
    return b.build();
  }

  private static String remoteAddress(ConnectionContext ctx) {
    if (ctx.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return ctx.remotePeer().host();
  }
}
