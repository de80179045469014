package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.Kind;
import io.cablekit.mock.RequestPattern;
import io.cablekit.mock.Stub;
import java.util.List;
import java.util.Map;

/** Writes stubs in the file format (the inverse of {@link StubDecoder}). */
public final class StubEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StubEncoder() {}

  /** The document {@code {stubs: [...]}}; {@code strict} refuses replies computed in Java. */
  public static ObjectNode document(List<Stub> stubs, boolean strict) {
    ObjectNode root = NODES.objectNode();
    ArrayNode list = root.putArray("stubs");
    stubs.forEach(s -> list.add(stub(s, strict)));
    return root;
  }

  /**
   * One stub. With {@code strict} false, what Java computes is shown as the text {@code
   * "computed in Java"} (for display: it does not read back the same).
   *
   * @throws IllegalArgumentException with {@code strict} and a computed reply or broadcast
   */
  public static ObjectNode stub(Stub stub, boolean strict) {
    ObjectNode out = NODES.objectNode();
    out.put("id", stub.id());
    if (stub.name() != null) {
      out.put("name", stub.name());
    }
    if (stub.priority() != 5) {
      out.put("priority", stub.priority());
    }
    out.set("match", match(stub.pattern()));
    Kind kind = stub.pattern().kind();
    if (stub.replies().size() == 1) {
      out.set("reply", ReplyEncoder.reply(stub.replies().get(0), kind, strict, stub.label()));
    } else {
      ArrayNode replies = out.putArray("replies");
      stub.replies().forEach(r -> replies.add(ReplyEncoder.reply(r, kind, strict, stub.label())));
    }
    putText(out, "scenario", stub.scenario());
    putText(out, "when_state", stub.requiredState());
    putText(out, "set_state", stub.newState());
    return out;
  }

  /** A pattern as a {@code match} object. */
  public static ObjectNode match(RequestPattern p) {
    ObjectNode out = NODES.objectNode();
    if (p.kind() != null) {
      out.put("on", p.kind().label());
    }
    putText(out, "channel", p.channel());
    putJson(out, "params", p.params());
    putText(out, "action", p.action());
    putJson(out, "data", p.data());
    putJson(out, "identifiers", p.identifiers());
    putMap(out, "headers", p.headers());
    putMap(out, "cookies", p.cookies());
    putMap(out, "query", p.query());
    putJson(out, "path", p.path());
    putMap(out, "cstate", p.cstate());
    putMap(out, "istate", p.istate());
    return out;
  }

  private static void putText(ObjectNode out, String key, String value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  private static void putJson(ObjectNode out, String key, JsonNode value) {
    if (value != null) {
      out.set(key, value);
    }
  }

  private static void putMap(ObjectNode out, String key, Map<String, JsonNode> values) {
    if (!values.isEmpty()) {
      ObjectNode map = out.putObject(key);
      values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> map.set(e.getKey(), e.getValue()));
    }
  }
}
