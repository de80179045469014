package io.cablekit.server.internal.config;

import io.cablekit.server.CableConfig.Builder;
import io.cablekit.server.CableConfig.DisconnectMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The setters of {@link ServerOptions} that do more than parse one value and store it. */
final class Setters {
  private Setters() {}

  /** auto, always or never, case-insensitive. */
  static void disconnectMode(ServerOption.Sink sink, String raw) throws BadValue {
    String mode = Values.oneOf(raw, "auto", "always", "never");
    sink.config().disconnectMode(DisconnectMode.valueOf(mode.toUpperCase(Locale.ROOT)));
  }

  /**
   * In anycable-go http_rpc_timeout is an alias of rpc_request_timeout, so a positive
   * rpc_request_timeout is also the HTTP RPC request deadline (unless http_rpc_timeout comes
   * later: the environment applies it after this one, and flags apply in command-line order).
   */
  static void requestTimeout(Builder builder, Duration timeout) {
    builder.rpcRequestTimeout(timeout);
    if (!timeout.isZero()) {
      builder.httpRpcTimeout(timeout);
    }
  }

  /** anycable-go forces disconnect_mode=never when this is true; false changes nothing. */
  static void disableDisconnect(Builder builder, boolean disable) {
    if (disable) {
      builder.disconnectMode(DisconnectMode.NEVER);
    }
  }

  /**
   * Keeps http, redis and redisx (the Redis adapters come with a later issue but are kept in the
   * list); nats is accepted with a warning and left out; anything else is an error.
   */
  static void broadcastAdapters(ServerOption.Sink sink, String raw) throws BadValue {
    List<String> kept = new ArrayList<>();
    boolean nats = false;
    for (String entry : Values.list(raw)) {
      String adapter = entry.toLowerCase(Locale.ROOT);
      switch (adapter) {
        case "http", "redis", "redisx" -> kept.add(adapter);
        case "nats" -> nats = true;
        default ->
            throw new BadValue(
                "unknown broadcast adapter \"" + entry + "\"; expected http, redis, redisx or nats");
      }
    }
    if (nats) {
      sink.warn(
          sink.source()
              + ": nats has no effect in CableKit yet (accepted for anycable-go compatibility)");
    }
    sink.config().broadcastAdapters(kept);
  }
}
