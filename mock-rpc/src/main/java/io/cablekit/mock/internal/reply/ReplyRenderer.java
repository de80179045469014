package io.cablekit.mock.internal.reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.Reply;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.protocol.Json;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.Broadcast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Reply} into the RPC response a Ruby AnyCable server would send for the call
 * (PROTOCOL.md 2.9): the welcome with the request's sid, {@code confirm_subscription} after the
 * subscribed-callback transmissions, {@code reject_subscription} with {@code stop_streams}, and so
 * on. Placeholders are filled from the call.
 */
public final class ReplyRenderer {
  private ReplyRenderer() {}

  public static ConnectionResponse connect(Reply reply, CallView call) {
    ConnectionResponse.Builder out = ConnectionResponse.newBuilder();
    switch (reply.outcome()) {
      case ERROR -> {
        return out.setStatus(Status.ERROR).setErrorMsg(nullToEmpty(Templates.render(reply.message(), call))).build();
      }
      case REJECT -> {
        out.setStatus(Status.FAILURE);
        String reason = reply.message() == null ? "unauthorized" : Templates.render(reply.message(), call);
        out.addTransmissions(ServerFrames.disconnect(reason, false));
      }
      case OK -> {
        out.setStatus(Status.SUCCESS).setIdentifiers(identifiers(reply, call));
        if (reply.welcome()) {
          out.addTransmissions(welcome(call.call().sid()));
        }
      }
    }
    reply.rawTransmissions().forEach(t -> out.addTransmissions(Templates.render(t, call)));
    if (!reply.cstate().isEmpty()) {
      out.setEnv(EnvResponse.newBuilder().putAllCstate(render(reply.cstate(), call)));
    }
    return out.build();
  }

  /** Ruby's welcome: {@code {"type":"welcome","sid":...}}, without sid when the call had none. */
  public static String welcome(String sid) {
    return sid == null || sid.isEmpty() ? "{\"type\":\"welcome\"}" : ServerFrames.welcome(sid);
  }

  private static String identifiers(Reply reply, CallView call) {
    if (reply.identifiers() == null) {
      return "{}";
    }
    JsonNode ids = Templates.render(reply.identifiers(), call);
    return ids.isTextual() ? ids.textValue() : ids.toString();
  }

  public static CommandResponse command(Reply reply, CallView call) {
    CommandResponse.Builder out = CommandResponse.newBuilder();
    if (reply.outcome() == Reply.Outcome.ERROR) {
      return out.setStatus(Status.ERROR).setErrorMsg(nullToEmpty(Templates.render(reply.message(), call))).build();
    }
    String identifier = call.call().identifier();
    boolean subscribe = call.call().kind() == io.cablekit.mock.Kind.SUBSCRIBE;
    boolean rejected = reply.outcome() == Reply.Outcome.REJECT;
    out.setStatus(rejected ? Status.FAILURE : Status.SUCCESS);
    reply.streams().forEach(s -> out.addStreams(Templates.render(s, call)));
    reply.stoppedStreams().forEach(s -> out.addStoppedStreams(Templates.render(s, call)));
    out.setStopStreams(reply.stopsAllStreams() || (subscribe && rejected));
    for (JsonNode payload : reply.transmits()) {
      out.addTransmissions(transmission(identifier, Templates.render(payload, call)));
    }
    reply.rawTransmissions().forEach(t -> out.addTransmissions(Templates.render(t, call)));
    if (subscribe && (rejected || reply.confirmation())) {
      out.addTransmissions(rejected ? rejectFrame(identifier) : confirmFrame(identifier));
    }
    Map<String, String> istate = new java.util.LinkedHashMap<>(render(reply.istate(), call));
    String whisperStream = call.call().istate().get(WHISPER_STREAM);
    if (whisperStream != null
        && !istate.containsKey(WHISPER_STREAM)
        && out.getStoppedStreamsList().contains(whisperStream)) {
      // Ruby's stop_stream_from clears $w when it stops the whisper stream (PROTOCOL.md 2.9)
      istate.put(WHISPER_STREAM, "");
    }
    if (!istate.isEmpty() || !reply.cstate().isEmpty()) {
      out.setEnv(
          EnvResponse.newBuilder()
              .putAllIstate(istate)
              .putAllCstate(render(reply.cstate(), call)));
    }
    out.setDisconnect(reply.disconnects());
    return out.build();
  }

  /** The channel state key that names a subscription's whisper stream (PROTOCOL.md 3.6.5). */
  static final String WHISPER_STREAM = "$w";

  public static DisconnectResponse disconnect(Reply reply) {
    return switch (reply.outcome()) {
      case OK -> DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build();
      case REJECT -> DisconnectResponse.newBuilder().setStatus(Status.FAILURE).build();
      case ERROR -> DisconnectResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg(nullToEmpty(reply.message())).build();
    };
  }

  /** The broadcasts a reply makes, rendered for the call. */
  public static List<Broadcast> broadcasts(Reply reply, CallView call) {
    List<Broadcast> out = new ArrayList<>();
    for (Reply.BroadcastSpec spec : reply.broadcasts()) {
      String stream = Templates.render(spec.stream(), call);
      JsonNode data =
          spec.compute() != null
              ? io.cablekit.mock.Matchers.toJson(spec.compute().apply(call.dataJson().isMissingNode() ? null : call.dataJson()))
              : Templates.render(spec.data(), call);
      String text = data == null || data.isNull() ? "null" : data.toString();
      out.add(new Broadcast(stream, text, spec.excludeSelf() ? call.call().sid() : null, null, false));
    }
    return out;
  }

  /** Ruby's transmit: {@code {"identifier":"<id>","message":<payload>}}. */
  public static String transmission(String identifier, JsonNode payload) {
    return "{\"identifier\":" + Json.quote(identifier) + ",\"message\":" + (payload == null ? "null" : payload.toString()) + "}";
  }

  /** Ruby's confirmation: identifier first, then type. */
  public static String confirmFrame(String identifier) {
    return "{\"identifier\":" + Json.quote(identifier) + ",\"type\":\"confirm_subscription\"}";
  }

  /** Ruby's rejection: identifier first, then type. */
  public static String rejectFrame(String identifier) {
    return "{\"identifier\":" + Json.quote(identifier) + ",\"type\":\"reject_subscription\"}";
  }

  private static Map<String, String> render(Map<String, String> values, CallView call) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Templates.render(v, call)));
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
