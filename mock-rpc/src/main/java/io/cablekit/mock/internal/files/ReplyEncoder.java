package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.Kind;
import io.cablekit.mock.Reply;
import java.util.List;
import java.util.Map;

/** Writes one {@link Reply} as a reply object, leaving out what the stub's kind ignores. */
final class ReplyEncoder {
  static final String COMPUTED = "computed in Java";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ReplyEncoder() {}

  static ObjectNode reply(Reply r, Kind kind, boolean strict, String stubLabel) {
    ObjectNode out = NODES.objectNode();
    if (r.computed() != null) {
      refuse(strict, stubLabel, "its reply is computed by a Java function");
      out.put("computed", COMPUTED);
      return out;
    }
    if (r.fault() != null) {
      out.put("status", r.fault().name());
      if (r.message() != null) {
        out.put("message", r.message());
      }
    } else if (r.outcome() == Reply.Outcome.ERROR) {
      out.put("error", r.message() == null ? "" : r.message());
    } else {
      outcome(out, r, kind);
      effects(out, r, strict, stubLabel);
    }
    if (r.delay() != null) {
      if (r.delayMax() == null) {
        out.put("delay", Durations.format(r.delay()));
      } else {
        out.putObject("delay").put("min", Durations.format(r.delay())).put("max", Durations.format(r.delayMax()));
      }
    }
    return out;
  }

  private static void outcome(ObjectNode out, Reply r, Kind kind) {
    boolean connect = kind == Kind.CONNECT || kind == null;
    if (r.outcome() == Reply.Outcome.REJECT) {
      if (r.message() == null) {
        out.put("reject", true);
      } else {
        out.putObject("reject").put("reason", r.message());
      }
    } else if (kind == Kind.CONNECT) {
      if (r.identifiers() == null) {
        out.put("accept", true);
      } else {
        out.putObject("accept").set("identifiers", r.identifiers());
      }
    } else if (r.identifiers() != null) {
      out.set("identifiers", r.identifiers());
    }
    if (connect && !r.welcome()) {
      out.put("welcome", false);
    }
    if (kind == Kind.SUBSCRIBE && r.outcome() == Reply.Outcome.OK || kind == null && !r.confirmation()) {
      out.put("confirm", r.confirmation());
    }
  }

  private static void effects(ObjectNode out, Reply r, boolean strict, String stubLabel) {
    strings(out, "stream_from", r.streams());
    strings(out, "stop_stream", r.stoppedStreams());
    if (r.stopsAllStreams()) {
      out.put("stop_all_streams", true);
    }
    if (!r.transmits().isEmpty()) {
      ArrayNode list = out.putArray("transmit");
      r.transmits().forEach(list::add);
    }
    strings(out, "transmissions", r.rawTransmissions());
    state(out, "istate", r.istate());
    state(out, "cstate", r.cstate());
    if (r.disconnects()) {
      out.put("disconnect", true);
    }
    if (!r.broadcasts().isEmpty()) {
      ArrayNode list = out.putArray("broadcast");
      for (Reply.BroadcastSpec b : r.broadcasts()) {
        ObjectNode item = list.addObject().put("stream", b.stream());
        if (b.compute() != null) {
          refuse(strict, stubLabel, "its broadcast to " + b.stream() + " is computed by a Java function");
          item.put("data", COMPUTED);
        } else {
          item.set("data", b.data() == null ? NODES.nullNode() : b.data());
        }
        if (b.excludeSelf()) {
          item.put("exclude_self", true);
        }
      }
    }
  }

  private static void strings(ObjectNode out, String key, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode list = out.putArray(key);
      values.forEach(list::add);
    }
  }

  private static void state(ObjectNode out, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode map = out.putObject(key);
      values.forEach(map::put);
    }
  }

  private static void refuse(boolean strict, String stubLabel, String why) {
    if (strict) {
      throw new IllegalArgumentException("stub " + stubLabel + " cannot be written to a file: " + why);
    }
  }
}
