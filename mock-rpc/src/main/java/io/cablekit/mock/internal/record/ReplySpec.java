package io.cablekit.mock.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.Replies;
import io.cablekit.mock.Reply;
import io.grpc.Status;
import java.util.List;
import java.util.Map;

/**
 * A recorded answer in the mock's reply vocabulary, as a value (two calls answered alike compare
 * equal, which {@link Reply} does not). {@link #toReply()} builds the {@link Reply}.
 */
record ReplySpec(
    Reply.Outcome outcome,
    String message,
    JsonNode identifiers,
    boolean welcome,
    boolean confirmation,
    List<String> streams,
    List<String> stoppedStreams,
    boolean stopAllStreams,
    List<JsonNode> transmits,
    List<String> transmissions,
    Map<String, String> istate,
    Map<String, String> cstate,
    boolean disconnect,
    List<BroadcastSpec> broadcasts,
    Status.Code fault) {

  /** A broadcast made while the call was handled. */
  record BroadcastSpec(String stream, JsonNode data, boolean excludeSelf) {}

  ReplySpec {
    streams = List.copyOf(streams);
    stoppedStreams = List.copyOf(stoppedStreams);
    transmits = List.copyOf(transmits);
    transmissions = List.copyOf(transmissions);
    istate = Map.copyOf(istate);
    cstate = Map.copyOf(cstate);
    broadcasts = List.copyOf(broadcasts);
  }

  static ReplySpec fault(Status.Code code, String message) {
    return new ReplySpec(
        Reply.Outcome.ERROR, message, null, false, false, List.of(), List.of(), false, List.of(), List.of(),
        Map.of(), Map.of(), false, List.of(), code);
  }

  static ReplySpec error(String message) {
    return new ReplySpec(
        Reply.Outcome.ERROR, message, null, false, false, List.of(), List.of(), false, List.of(), List.of(),
        Map.of(), Map.of(), false, List.of(), null);
  }

  Reply toReply() {
    if (fault != null) {
      return Replies.fail(fault, message);
    }
    if (outcome == Reply.Outcome.ERROR) {
      return Replies.error(message == null ? "" : message);
    }
    Reply r = outcome == Reply.Outcome.REJECT ? Replies.reject() : Replies.ok();
    if (message != null) {
      r = r.withMessage(message);
    }
    if (identifiers != null) {
      r = r.identifiers(identifiers);
    }
    if (!welcome) {
      r = r.withoutWelcome();
    }
    if (!confirmation) {
      r = r.withoutConfirmation();
    }
    for (String s : streams) {
      r = r.streamFrom(s);
    }
    for (String s : stoppedStreams) {
      r = r.stopStream(s);
    }
    if (stopAllStreams) {
      r = r.stopAllStreams();
    }
    for (JsonNode t : transmits) {
      r = r.transmit(t);
    }
    for (String t : transmissions) {
      r = r.transmitRaw(t);
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(istate).entrySet()) {
      r = r.istate(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(cstate).entrySet()) {
      r = r.cstate(e.getKey(), e.getValue());
    }
    if (disconnect) {
      r = r.disconnect();
    }
    for (BroadcastSpec b : broadcasts) {
      r = b.excludeSelf() ? r.broadcastToOthers(b.stream(), b.data()) : r.broadcast(b.stream(), b.data());
    }
    return r;
  }
}
