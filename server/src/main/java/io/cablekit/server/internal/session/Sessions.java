package io.cablekit.server.internal.session;

import io.cablekit.server.Broadcast;
import io.cablekit.server.CableJournal;
import io.cablekit.server.internal.broker.PresenceStore;
import io.cablekit.server.internal.hub.Hub;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.rpc.RpcClient;
import java.time.Clock;
import java.util.function.Consumer;

/** The session feature's entry points, wired once per server. */
public final class Sessions {
  private final SessionRegistry registry;
  private final Connector connector;
  private final CommandFlow commands;

  public Sessions(
      RpcClient rpc,
      Hub hub,
      CableJournal journal,
      Clock clock,
      boolean noauth,
      Metrics metrics,
      Consumer<Broadcast> publisher,
      SessionCache cache,
      PresenceStore presence) {
    ReplyRecorder recorder = new ReplyRecorder(journal, clock);
    this.registry = new SessionRegistry(metrics);
    this.connector = new Connector(rpc, registry, recorder, noauth, metrics, hub, cache);
    this.commands = new CommandFlow(rpc, hub, recorder, metrics, publisher, presence);
  }

  public SessionRegistry registry() {
    return registry;
  }

  public Connector connector() {
    return connector;
  }

  public CommandFlow commands() {
    return commands;
  }
}
