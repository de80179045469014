package io.cablekit.server.internal.session;

import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.MalformedFrameException;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.Broadcast;
import io.cablekit.server.StateDiff;
import io.cablekit.server.internal.broker.PresenceStore;
import io.cablekit.server.internal.hub.Hub;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.internal.rpc.RpcClient;
import io.cablekit.server.internal.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Executes client commands, one at a time per session on its reader thread (PROTOCOL.md 2.3), and
 * applies each Command reply in anycable-go's order (2.4).
 */
public final class CommandFlow {
  private static final System.Logger LOG = System.getLogger(CommandFlow.class.getName());

  /** What the connection should do after a frame was handled. */
  public enum Outcome {
    CONTINUE,
    /** The frame was malformed: the connection is closed (see README, "Bad input"). */
    MALFORMED
  }

  private final RpcClient rpc;
  private final Hub hub;
  private final ReplyRecorder recorder;
  private final Metrics.Counter received;
  private final Metrics.Counter failed;
  private final ExtendedCommands extended;

  CommandFlow(
      RpcClient rpc,
      Hub hub,
      ReplyRecorder recorder,
      Metrics metrics,
      Consumer<Broadcast> publisher,
      PresenceStore presence) {
    this.rpc = rpc;
    this.hub = hub;
    this.extended = new ExtendedCommands(hub, publisher, presence);
    this.recorder = recorder;
    this.received = metrics.counter("client_msg_total", "The total number of received messages");
    this.failed =
        metrics.counter("failed_client_msg_total", "The total number of unrecognized messages");
  }

  /** Decodes and executes one client frame. Blocks while the RPC call runs. */
  public Outcome handle(Session session, String text) {
    received.inc();
    ClientCommand command;
    try {
      command = ClientCommands.decode(text);
    } catch (MalformedFrameException e) {
      failed.inc();
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: malformed message, closing the connection: {1}; message: {2}",
          session,
          e.getMessage(),
          abbreviate(text));
      return Outcome.MALFORMED;
    }
    switch (command) {
      case ClientCommand.Subscribe s -> subscribe(session, s.identifier(), s.history());
      case ClientCommand.History h -> extended.history(session, h.identifier(), h.history());
      case ClientCommand.Whisper w -> extended.whisper(session, w);
      case ClientCommand.Join j -> extended.join(session, j);
      case ClientCommand.Leave l -> extended.leave(session, l.identifier(), l.presenceId());
      case ClientCommand.PresenceInfo p -> extended.presenceInfo(session, p);
      case ClientCommand.Unsubscribe u -> unsubscribe(session, u.identifier());
      case ClientCommand.Message m -> perform(session, m);
      case ClientCommand.Ping p -> session.sendText(ServerFrames.pong());
      case ClientCommand.Pong p -> session.pong();
      case ClientCommand.Unknown u -> {
        failed.inc();
        LOG.log(
            System.Logger.Level.WARNING,
            "{0}: unknown command \"{1}\" ignored",
            session,
            abbreviate(u.command()));
      }
    }
    return Outcome.CONTINUE;
  }

  private void subscribe(Session session, String identifier, ClientCommand.HistoryRequest history) {
    if (session.isSubscribed(identifier)) {
      LOG.log(System.Logger.Level.WARNING, "{0}: already subscribed to {1}", session, abbreviate(identifier));
      return;
    }
    CommandResponse reply = call(session, "subscribe", identifier, null);
    if (reply == null) {
      return;
    }
    if (reply.getStatus() == Status.SUCCESS) {
      session.addSubscription(identifier);
    }
    apply(session, "subscribe", identifier, null, reply, reply.getStopStreams());
    if (history != null && reply.getStatus() == Status.SUCCESS && session.isSubscribed(identifier)) {
      // after the confirmation the reply carried (PROTOCOL.md 3.6.2)
      extended.history(session, identifier, history);
    }
  }

  private void unsubscribe(Session session, String identifier) {
    if (!session.isSubscribed(identifier)) {
      LOG.log(System.Logger.Level.WARNING, "{0}: unknown subscription {1}", session, abbreviate(identifier));
      return;
    }
    CommandResponse reply = call(session, "unsubscribe", identifier, null);
    if (reply == null) {
      return;
    }
    Session.Presence joined = session.leavePresence(identifier);
    if (joined != null) {
      extended.presenceLeft(session.sid(), identifier, joined);
    }
    session.removeIstate(identifier);
    session.removeSubscription(identifier);
    apply(session, "unsubscribe", identifier, null, reply, true);
  }

  private void perform(Session session, ClientCommand.Message message) {
    if (!session.isSubscribed(message.identifier())) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: unknown subscription {1}",
          session,
          message.identifier());
      return;
    }
    if (message.problem() != null) {
      failed.inc();
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", session, message.problem());
      return;
    }
    CommandResponse reply = call(session, "message", message.identifier(), message.data());
    if (reply != null) {
      apply(session, "message", message.identifier(), message.data(), reply, reply.getStopStreams());
    }
  }

  /**
   * Takes a session out of a presence; the last session of an id announces a {@code leave}. The
   * node calls it {@code presence_ttl} after a session ended.
   */
  public void presenceLeft(String sid, String identifier, Session.Presence joined) {
    extended.presenceLeft(sid, identifier, joined);
  }

  /** Calls Command; returns null (after logging and journaling) on ERROR or transport failure. */
  private CommandResponse call(Session session, String command, String identifier, String data) {
    CommandResponse reply;
    try {
      reply =
          rpc.command(
              session.sid(),
              RpcRequests.command(session, command, identifier, data),
              () -> !session.isOpen());
    } catch (RpcException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "{0}: {1} {2} failed: {3}",
          session,
          command,
          identifier,
          e.getMessage());
      recordError(session, command, identifier, data, e.getMessage());
      return null;
    }
    session.markDisconnectInterest();
    if (reply.getStatus() == Status.ERROR) {
      LOG.log(
          System.Logger.Level.ERROR,
          "{0}: {1} {2} returned ERROR: {3}",
          session,
          command,
          identifier,
          reply.getErrorMsg());
      recordError(session, command, identifier, data, reply.getErrorMsg());
      return null;
    }
    return reply;
  }

  /** Applies a reply in the order of PROTOCOL.md 2.4. */
  private void apply(
      Session session,
      String command,
      String identifier,
      String data,
      CommandResponse reply,
      boolean stopAll) {
    // 1. a disconnect is carried out after the transmissions are queued (below)
    // 2. streams to stop
    List<String> removed = new ArrayList<>();
    if (stopAll) {
      removed.addAll(hub.unsubscribeAll(session, identifier));
    } else {
      for (String stream : reply.getStoppedStreamsList()) {
        if (hub.unsubscribe(session, identifier, stream)) {
          removed.add(stream);
        }
      }
    }
    // 3. streams to start
    List<String> added = new ArrayList<>();
    for (String stream : reply.getStreamsList()) {
      if (!session.streams(identifier).contains(stream)) {
        added.add(stream);
      }
      hub.subscribe(session, identifier, stream);
    }
    // 4, 5. channel state, then connection state
    StateDiff istate =
        reply.hasEnv() ? session.mergeIstate(identifier, reply.getEnv().getIstateMap()) : StateDiff.EMPTY;
    StateDiff cstate =
        reply.hasEnv() ? session.mergeCstate(reply.getEnv().getCstateMap()) : StateDiff.EMPTY;
    recorder.record(
        session,
        "command",
        command,
        identifier,
        data,
        reply.getStatus().name(),
        cstate,
        istate,
        added,
        removed,
        reply.getTransmissionsList(),
        reply.getDisconnect(),
        reply.getErrorMsg());
    // 6. transmissions, verbatim and in order
    reply.getTransmissionsList().forEach(session::sendText);
    if (reply.getDisconnect()) {
      session.close(null, CloseCodes.ABNORMAL, CloseCodes.COMMAND_FAILED);
    }
  }

  private void recordError(
      Session session, String command, String identifier, String data, String error) {
    recorder.record(
        session,
        "command",
        command,
        identifier,
        data,
        "ERROR",
        StateDiff.EMPTY,
        StateDiff.EMPTY,
        List.of(),
        List.of(),
        List.of(),
        false,
        error);
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
  }
}
