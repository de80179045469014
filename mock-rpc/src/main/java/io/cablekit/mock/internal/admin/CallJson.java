package io.cablekit.mock.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.cablekit.mock.Kind;
import io.cablekit.mock.RecordedCall;
import io.cablekit.mock.RpcCall;
import io.cablekit.protocol.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A journaled call as JSON, with AnyCable's JSON-in-strings decoded and the response in proto field names. */
final class CallJson {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();

  private CallJson() {}

  static ObjectNode of(RecordedCall c) {
    RpcCall call = c.call();
    ObjectNode out = Http.object();
    out.put("seq", c.seq()).put("at", c.at().toString()).put("kind", call.kind().label()).put("sid", call.sid());
    if (call.kind().isCommand()) {
      out.put("channel", call.channel()).set("params", call.params());
      out.put("identifier", call.identifier());
    }
    if (call.kind() == Kind.PERFORM) {
      out.put("action", call.action()).set("data", decoded(call.data(), call.dataJson()));
    }
    if (!call.identifiers().isEmpty()) {
      out.set("identifiers", decoded(call.identifiers(), call.identifiersJson()));
    }
    out.put("url", call.url());
    out.set("headers", map(call.headers()));
    out.set("cstate", map(call.cstate()));
    out.set("istate", map(call.istate()));
    if (call.kind() == Kind.DISCONNECT) {
      out.set("subscriptions", list(call.subscriptions()));
    }
    if (c.stubId() != null) {
      out.put("stub_id", c.stubId());
    } else {
      out.put("default_reply", c.defaultReply());
    }
    out.set("response", response(c));
    if (c.fault() != null) {
      out.put("fault", c.fault());
    }
    out.set("broadcasts", list(c.broadcasts()));
    out.set("malformed", list(c.malformed()));
    return out;
  }

  /** The decoded JSON, or the raw text when it is not JSON. */
  private static JsonNode decoded(String raw, JsonNode json) {
    return json.isMissingNode() ? TextNode.valueOf(raw) : json;
  }

  private static JsonNode response(RecordedCall c) {
    if (c.response() == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      ObjectNode out = (ObjectNode) Json.MAPPER.readTree(PRINTER.print(c.response()));
      // proto3 leaves out default values, but status ERROR (0) is the one a reader must see
      var status = c.response().getDescriptorForType().findFieldByName("status");
      if (status != null && !out.has("status")) {
        ObjectNode withStatus = Http.object();
        withStatus.put("status", ((com.google.protobuf.Descriptors.EnumValueDescriptor) c.response().getField(status)).getName());
        withStatus.setAll(out);
        return withStatus;
      }
      return out;
    } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return TextNode.valueOf(c.response().toString());
    }
  }

  private static ObjectNode map(Map<String, String> values) {
    ObjectNode out = Http.object();
    new TreeMap<>(values).forEach(out::put);
    return out;
  }

  private static ArrayNode list(List<String> values) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    values.forEach(out::add);
    return out;
  }
}
