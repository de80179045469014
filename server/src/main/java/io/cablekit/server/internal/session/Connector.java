package io.cablekit.server.internal.session;

import io.cablekit.protocol.Json;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.server.StateDiff;
import io.cablekit.server.internal.hub.Hub;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.rpc.RpcClient;
import io.cablekit.server.internal.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticates a new session before any of its frames is read (PROTOCOL.md 2.2): the Connect
 * RPC, or {@code noauth} identifiers.
 */
public final class Connector {
  private static final System.Logger LOG = System.getLogger(Connector.class.getName());

  private final RpcClient rpc;
  private final SessionRegistry registry;
  private final ReplyRecorder recorder;
  private final boolean noauth;
  private final Metrics.Counter failedAuths;
  private final Hub hub;
  private final SessionCache cache;

  Connector(
      RpcClient rpc,
      SessionRegistry registry,
      ReplyRecorder recorder,
      boolean noauth,
      Metrics metrics,
      Hub hub,
      SessionCache cache) {
    this.hub = hub;
    this.cache = cache;
    this.rpc = rpc;
    this.registry = registry;
    this.recorder = recorder;
    this.noauth = noauth;
    this.failedAuths =
        metrics.counter("failed_auths_total", "The total number of failed authentication attempts");
  }

  /** Authenticates the session, or closes it as the reply demands. Blocks on the RPC. */
  public void authenticate(Session session) {
    if (restore(session)) {
      return;
    }
    if (noauth) {
      session.authenticate("{\"sid\":" + Json.quote(session.sid()) + "}");
      registry.registerAuthenticated(session);
      session.sendText(ServerFrames.welcome(session.sid()));
      return;
    }
    ConnectionResponse reply;
    try {
      reply = rpc.connect(session.sid(), RpcRequests.connect(session));
    } catch (RpcException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "{0}: Connect RPC failed, closing with 1011: {1}",
          session,
          e.getMessage());
      record(session, "ERROR", StateDiff.EMPTY, List.of(), e.getMessage());
      session.close(null, CloseCodes.INTERNAL_ERROR, CloseCodes.AUTH_ERROR);
      return;
    }
    session.markDisconnectInterest();
    switch (reply.getStatus()) {
      case SUCCESS -> {
        session.authenticate(reply.getIdentifiers());
        registry.registerAuthenticated(session);
        StateDiff cstate = session.mergeCstate(reply.getEnv().getCstateMap());
        record(session, "SUCCESS", cstate, reply.getTransmissionsList(), reply.getErrorMsg());
        reply.getTransmissionsList().forEach(session::sendText);
      }
      case FAILURE -> {
        failedAuths.inc();
        StateDiff cstate = session.mergeCstate(reply.getEnv().getCstateMap());
        record(session, "FAILURE", cstate, reply.getTransmissionsList(), reply.getErrorMsg());
        LOG.log(System.Logger.Level.DEBUG, "{0}: connection rejected by RPC", session);
        reply.getTransmissionsList().forEach(session::sendText);
        session.close(null, CloseCodes.NORMAL, CloseCodes.AUTH_FAILED);
      }
      default -> {
        LOG.log(
            System.Logger.Level.ERROR,
            "{0}: Connect RPC returned ERROR, closing with 1011: {1}",
            session,
            reply.getErrorMsg());
        record(session, "ERROR", StateDiff.EMPTY, List.of(), reply.getErrorMsg());
        session.close(null, CloseCodes.INTERNAL_ERROR, CloseCodes.AUTH_ERROR);
      }
    }
  }

  /**
   * Restores an extended-protocol session from the state its previous sid left, without a Connect
   * RPC (PROTOCOL.md 3.6.4). Returns false on a miss: the caller authenticates as usual.
   */
  private boolean restore(Session session) {
    String previous = session.restoreSid();
    if (cache == null || previous == null || !session.extended()) {
      return false;
    }
    SessionCache.Snapshot snapshot = cache.take(previous);
    if (snapshot == null) {
      // the old connection may not have noticed it is gone yet: its live state counts
      Session live = registry.bySid(previous);
      if (live != null && live != session && live.authenticated() && live.extended()) {
        snapshot = live.restorable();
      }
    }
    if (snapshot == null) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: nothing to restore for sid {1}, connecting", session, previous);
      return false;
    }
    session.authenticate(snapshot.identifiers());
    if (snapshot.disconnectInterest()) {
      session.markDisconnectInterest();
    }
    session.mergeCstate(snapshot.cstate());
    List<String> restored = new ArrayList<>();
    for (SessionCache.Subscription sub : snapshot.subscriptions()) {
      session.addSubscription(sub.identifier());
      session.mergeIstate(sub.identifier(), sub.istate());
      for (String stream : sub.streams()) {
        hub.subscribe(session, sub.identifier(), stream);
      }
      restored.add(sub.identifier());
    }
    registry.registerAuthenticated(session);
    LOG.log(System.Logger.Level.DEBUG, "{0}: restored session {1}", session, previous);
    session.sendText(ServerFrames.welcomeRestored(session.sid(), restored));
    return true;
  }

  private void record(
      Session session, String status, StateDiff cstate, List<String> transmissions, String error) {
    recorder.record(
        session,
        "connect",
        null,
        null,
        null,
        status,
        cstate,
        StateDiff.EMPTY,
        List.of(),
        List.of(),
        status.equals("ERROR") ? List.of() : transmissions,
        !status.equals("SUCCESS"),
        error);
  }
}
