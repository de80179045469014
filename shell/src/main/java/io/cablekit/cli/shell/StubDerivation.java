package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.StubFileException;
import io.cablekit.mock.StubFiles;
import io.cablekit.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The stubs a recorded test needs to make the mock answer as it did in the session: the stubs
 * loaded in the mock, then one explicit stub for each subscribe and perform of the recorded
 * sockets that a default answered (the permissive chat: confirm and stream from {@code
 * Channel:key=value}; a perform broadcasts its data back; strict: an error).
 */
final class StubDerivation {
  private StubDerivation() {}

  /**
   * @param stubsAnswer the answer of {@code GET /__admin/stubs}
   * @param callsAnswer the answer of {@code GET /__admin/calls}
   * @param sids the recorded sockets' sids: other clients' calls are left out
   * @return a stub file in YAML
   */
  static String yaml(JsonNode stubsAnswer, JsonNode callsAnswer, Set<String> sids) throws ShellException {
    ArrayNode stubs = Json.MAPPER.createArrayNode();
    for (JsonNode stub : stubsAnswer.path("stubs")) {
      if (stub.toString().contains("\"computed\"")) {
        continue; // a Java function's reply cannot be written down
      }
      ObjectNode copy = stub.deepCopy();
      copy.remove("id");
      stubs.add(copy);
    }
    Map<String, ObjectNode> derived = new LinkedHashMap<>();
    for (JsonNode call : callsAnswer.path("calls")) {
      if (call.has("stub_id") || !sids.contains(call.path("sid").asText()) || !call.path("channel").isTextual()) {
        continue;
      }
      ObjectNode stub = switch (call.path("kind").asText()) {
        case "subscribe", "perform" -> derive(call);
        default -> null; // connect, unsubscribe, disconnect: the strict mock's defaults answer the same
      };
      if (stub != null) {
        derived.putIfAbsent(stub.path("match").toString(), stub);
      }
    }
    derived.values().forEach(stubs::add);
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.set("stubs", stubs);
    try {
      return strip(StubFiles.write(StubFiles.parse(doc.toString(), "recorded.json"), StubFiles.Format.YAML));
    } catch (StubFileException e) {
      throw new ShellException("record: the mock's stubs cannot be written down:\n" + e.getMessage());
    }
  }

  private static ObjectNode derive(JsonNode call) {
    boolean perform = call.path("kind").asText().equals("perform");
    ObjectNode stub = Json.MAPPER.createObjectNode();
    ObjectNode match = stub.putObject("match").put("on", call.path("kind").asText()).put("channel", call.path("channel").asText());
    match.putObject("params").set("$eq", call.path("params"));
    if (perform && call.path("action").isTextual() && !call.path("action").asText().isEmpty()) {
      match.put("action", call.path("action").asText());
    }
    ObjectNode reply = stub.putObject("reply");
    JsonNode response = call.path("response");
    if ("ERROR".equals(response.path("status").asText())) {
      reply.put("error", response.path("error_msg").asText("error"));
    } else if (perform) {
      ArrayNode broadcasts = reply.putArray("broadcast");
      call.path("broadcasts").forEach(s -> broadcasts.addObject().put("stream", s.asText()).put("data", "{{data}}"));
    } else if ("FAILURE".equals(response.path("status").asText())) {
      reply.put("reject", true);
    } else {
      ArrayNode streams = reply.putArray("stream_from");
      response.path("streams").forEach(streams::add);
    }
    return stub;
  }

  /** Drops the ids {@link StubFiles#write} gives every stub: a test does not need them. */
  private static String strip(String yaml) {
    StringBuilder out = new StringBuilder();
    String carry = null;
    for (String line : yaml.split("\n", -1)) {
      if (line.matches("\\s*- id: .*")) {
        carry = line.substring(0, line.indexOf('-') + 2);
        continue;
      }
      if (carry != null) {
        out.append(carry).append(line.stripLeading()).append('\n');
        carry = null;
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString().stripTrailing() + "\n";
  }
}
