package io.cablekit.server.internal.session;

import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.broker.MemoryBroker;
import io.cablekit.server.internal.broker.PresenceStore;
import io.cablekit.server.internal.hub.Hub;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The commands of the extended protocol {@code actioncable-v1-ext-json} (PROTOCOL.md 3.6):
 * history, whisper and presence. None calls the RPC server; like every command they run on the
 * session's reader, one at a time.
 */
final class ExtendedCommands {
  private static final System.Logger LOG = System.getLogger(ExtendedCommands.class.getName());
  /** The istate key holding a subscription's whisper stream. */
  static final String WHISPER_STREAM = "$w";
  /** The istate key holding a subscription's presence stream. */
  static final String PRESENCE_STREAM = "$p";

  private final Hub hub;
  private final Consumer<Broadcast> publisher;
  private final PresenceStore presence;

  /**
   * @param publisher publishes a broadcast the way the node does (through the inter-node pub/sub
   *     when there is one)
   * @param presence the presence store, or null without a broker
   */
  ExtendedCommands(Hub hub, Consumer<Broadcast> publisher, PresenceStore presence) {
    this.hub = hub;
    this.publisher = publisher;
    this.presence = presence;
  }

  /**
   * Sends the messages a subscription's streams hold since the requested positions, then {@code
   * confirm_history}; or only {@code reject_history} when any of it cannot be answered
   * (PROTOCOL.md 3.6.2).
   */
  void history(Session session, String identifier, ClientCommand.HistoryRequest request) {
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
  void whisper(Session session, ClientCommand.Whisper whisper) {
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

  /**
   * Joins the subscription's presence stream (istate {@code $p}) under a presence id; the first
   * session of an id announces it with a {@code join} event (PROTOCOL.md 3.6.6).
   */
  void join(Session session, ClientCommand.Join join) {
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

  void leave(Session session, String identifier, String presenceId) {
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
   * Also called, through {@link CommandFlow#presenceLeft}, {@code presence_ttl} after a session ended.
   */
  void presenceLeft(String sid, String identifier, Session.Presence joined) {
    if (presence != null && presence.leave(joined.stream(), joined.id(), sid)) {
      publisher.accept(
          new Broadcast(
              joined.stream(), ServerFrames.presenceEvent("leave", joined.id(), null), null, "presence", true));
    }
  }

  void presenceInfo(Session session, ClientCommand.PresenceInfo request) {
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

  private static String abbreviate(String text) {
    return CommandFlow.abbreviate(text);
  }
}
