package io.cablekit.mock.internal.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.Kind;
import io.cablekit.mock.Mode;
import io.cablekit.mock.Replies;
import io.cablekit.mock.Reply;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers for calls no stub matched (DECISIONS.md, "The mock in tests"; README "Defaults"):
 * Connect is accepted with identifiers {@code {"sid":"<sid>"}}; unsubscribe and Disconnect
 * succeed; subscribe and perform are a chat in permissive mode with no stubs loaded, and ERROR
 * otherwise.
 */
final class DefaultReplies {
  private DefaultReplies() {}

  /** The label journaled for a default answer. */
  static String label(Kind kind, boolean chat) {
    return switch (kind) {
      case CONNECT -> "accept";
      case UNSUBSCRIBE, DISCONNECT -> "ok";
      default -> chat ? "permissive" : "strict";
    };
  }

  static boolean chat(Mode mode, boolean noStubs) {
    return mode == Mode.PERMISSIVE && noStubs;
  }

  static Reply reply(CallView call, boolean chat) {
    return switch (call.call().kind()) {
      case CONNECT -> Replies.accept(Map.of("sid", call.call().sid()));
      case UNSUBSCRIBE, DISCONNECT -> Replies.ok();
      case SUBSCRIBE -> chat ? Replies.confirm().streamFrom(stream(call)) : strict(call);
      case PERFORM -> chat ? Replies.ok().broadcast(stream(call), data(call)) : strict(call);
    };
  }

  private static Reply strict(CallView call) {
    return Replies.error("No stub matched " + call.call().kind().label() + " "
        + (call.channel().isEmpty() ? call.call().identifier() : call.channel())
        + (call.action().isEmpty() ? "" : "#" + call.action()) + " (see the mock's unmatched calls)");
  }

  private static JsonNode data(CallView call) {
    JsonNode data = call.dataJson();
    return data.isMissingNode() ? com.fasterxml.jackson.databind.node.TextNode.valueOf(call.call().data()) : data;
  }

  /**
   * The stream of a permissive subscription: the channel, then each param as {@code :key=value}
   * in key order ({@code ChatChannel:room=42}); the raw identifier when it is not JSON.
   */
  static String stream(CallView call) {
    JsonNode id = call.identifierJson();
    if (!id.isObject() || call.channel().isEmpty()) {
      return call.call().identifier();
    }
    Map<String, String> params = new TreeMap<>();
    call.params().properties().forEach(e -> params.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
    List<String> parts = new ArrayList<>();
    parts.add(call.channel());
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(":", parts);
  }

  static String json(Object o) {
    return Json.MAPPER.valueToTree(o).toString();
  }
}
