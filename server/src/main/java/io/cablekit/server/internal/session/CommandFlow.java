package io.cablekit.server.internal.session;

import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.MalformedFrameException;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.Broadcast;
import io.cablekit.server.StateDiff;
import io.cablekit.server.internal.broker.MemoryBroker;
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
  /** The istate key holding a subscription's whisper stream. */
  static final String WHISPER_STREAM = "$w";
  /** The istate key holding a subscription's presence stream. */
  static final String PRESENCE_STREAM = "$p";

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
  private final Consumer<Broadcast> publisher;
  private final PresenceStore presence;

  CommandFlow(
      RpcClient rpc,
      Hub hub,
      ReplyRecorder recorder,
      Metrics metrics,
      Consumer<Broadcast> publisher,
      PresenceStore presence) {
    this.presence = presence;
    this.rpc = rpc;
    this.hub = hub;
    this.publisher = publisher;
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
      case ClientCommand.History h -> history(session, h.identifier(), h.history());
      case ClientCommand.Whisper w -> whisper(session, w);
      case ClientCommand.Join j -> join(session, j);
      case ClientCommand.Leave l -> leave(session, l.identifier(), l.presenceId());
      case ClientCommand.PresenceInfo p -> presenceInfo(session, p);
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
      history(session, identifier, history);
    }
  }

  /**
   * Sends the messages a subscription's streams hold since the requested positions, then {@code
   * confirm_history}; or only {@code reject_history} when any of it cannot be answered
   * (PROTOCOL.md 3.6.2).
   */
  private void history(Session session, String identifier, ClientCommand.HistoryRequest request) {
    String problem = null;
    List<String> frames = new ArrayList<>();
    MemoryBroker broker = hub.broker();
    if (broker == null) {
      problem = "no broker (start the server with --broker=memory)";
    } else if (!session.isSubscribed(identifier)) {
      problem = "not subscribed";
    } else if (request.since() <= 0 && request.streams().isEmpty()) {
      problem = "neither since nor streams given";
    } else {
      try {
        for (String stream : session.streams(identifier)) {
          ClientCommand.StreamPosition position = request.streams().get(stream);
          List<MemoryBroker.Entry> entries;
          if (position != null) {
            entries = broker.after(stream, position.epoch(), position.offset());
          } else if (request.since() > 0) {
            entries = broker.since(stream, request.since());
          } else {
            continue;
          }
          for (MemoryBroker.Entry e : entries) {
            frames.add(
                ServerFrames.channelMessage(
                    identifier, e.message(), e.type(), stream, broker.epoch(), e.offset()));
          }
        }
      } catch (MemoryBroker.HistoryUnavailable e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: history of {1} rejected: {2}", session, identifier, problem);
      session.sendText(ServerFrames.rejectHistory(identifier));
      return;
    }
    frames.forEach(session::sendText);
    session.sendText(ServerFrames.confirmHistory(identifier));
  }

  /**
   * Publishes the whisper's data to the subscription's whisper stream (istate {@code $w}) for
   * everyone but the sender, as a transient message; without {@code $w} it is ignored
   * (PROTOCOL.md 3.6.5).
   */
  private void whisper(Session session, ClientCommand.Whisper whisper) {
    if (!session.isSubscribed(whisper.identifier())) {
      LOG.log(System.Logger.Level.WARNING, "{0}: unknown subscription {1}", session, abbreviate(whisper.identifier()));
      return;
    }
    String stream = session.istate(whisper.identifier()).get(WHISPER_STREAM);
    if (stream == null || stream.isEmpty()) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0}: whisper to {1} ignored: the subscription has no whisper stream",
          session,
          abbreviate(whisper.identifier()));
      return;
    }
    publisher.accept(new Broadcast(stream, whisper.data(), session.sid(), null, true));
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
      presenceLeft(session.sid(), identifier, joined);
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
   * Joins the subscription's presence stream (istate {@code $p}) under a presence id; the first
   * session of an id announces it with a {@code join} event (PROTOCOL.md 3.6.6).
   */
  private void join(Session session, ClientCommand.Join join) {
    String stream = presenceStream(session, join.identifier(), "join");
    if (stream == null) {
      return;
    }
    if (join.presenceId().isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "{0}: join without presence.id ignored", session);
      return;
    }
    Session.Presence previous = session.joinPresence(join.identifier(), stream, join.presenceId());
    if (previous != null && !previous.equals(new Session.Presence(stream, join.presenceId()))) {
      presenceLeft(session.sid(), join.identifier(), previous);
    }
    if (presence.join(stream, join.presenceId(), join.info(), session.sid())) {
      publisher.accept(
          new Broadcast(
              stream, ServerFrames.presenceEvent("join", join.presenceId(), join.info()), null, "presence", true));
    }
  }

  private void leave(Session session, String identifier, String presenceId) {
    if (presenceStream(session, identifier, "leave") == null) {
      return;
    }
    // commands of one session run one at a time: nothing joins between the check and the leave
    Session.Presence joined = session.presences().get(identifier);
    if (joined == null || (!presenceId.isEmpty() && !presenceId.equals(joined.id()))) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: leave of {1} ignored: not joined under it", session, presenceId);
      return;
    }
    session.leavePresence(identifier);
    presenceLeft(session.sid(), identifier, joined);
  }

  /**
   * Takes a session out of a presence; the last session of an id announces a {@code leave}.
   * Also called by the node, {@code presence_ttl} after a session ended.
   */
  public void presenceLeft(String sid, String identifier, Session.Presence joined) {
    if (presence != null && presence.leave(joined.stream(), joined.id(), sid)) {
      publisher.accept(
          new Broadcast(
              joined.stream(), ServerFrames.presenceEvent("leave", joined.id(), null), null, "presence", true));
    }
  }

  private void presenceInfo(Session session, ClientCommand.PresenceInfo request) {
    String stream = presenceStream(session, request.identifier(), "presence");
    if (stream == null) {
      session.sendText(ServerFrames.presenceError(request.identifier()));
      return;
    }
    List<PresenceStore.Record> records = presence.records(stream);
    session.sendText(
        ServerFrames.presenceInfo(
            request.identifier(),
            records.size(),
            request.returnRecords()
                ? records.stream().map(r -> new String[] {r.id(), r.info()}).toList()
                : null));
  }

  /** The subscription's presence stream, or null (logged) when presence cannot be used. */
  private String presenceStream(Session session, String identifier, String command) {
    if (presence == null) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: {1} needs a broker (--broker=memory)", session, command);
      return null;
    }
    if (!session.isSubscribed(identifier)) {
      LOG.log(System.Logger.Level.WARNING, "{0}: {1} for unknown subscription {2}", session, command, abbreviate(identifier));
      return null;
    }
    String stream = session.istate(identifier).get(PRESENCE_STREAM);
    if (stream == null || stream.isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: {1} for {2} ignored: the subscription has no presence stream ($p)",
          session,
          command,
          abbreviate(identifier));
      return null;
    }
    return stream;
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

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
  }
}
