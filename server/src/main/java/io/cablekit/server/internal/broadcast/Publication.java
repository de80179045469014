package io.cablekit.server.internal.broadcast;

import io.cablekit.server.Broadcast;
import java.util.List;

/** A message received on a broadcast channel, decoded (PROTOCOL.md 4.1, 4.2). */
public sealed interface Publication {
  /** One publication, or a batch delivered in order. */
  record Broadcasts(List<Broadcast> broadcasts) implements Publication {
    public Broadcasts {
      broadcasts = List.copyOf(broadcasts);
    }
  }

  /** {@code {"command":"disconnect","payload":{"identifier":...,"reconnect":...}}}. */
  record RemoteDisconnect(String identifiers, boolean reconnect) implements Publication {}

  /** Anything else: logged and counted, never fatal. */
  record Invalid(String reason) implements Publication {}
}
