package io.cablekit.mock.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.StubFileException.Problem;
import io.cablekit.mock.StubFiles.Format;
import io.cablekit.mock.internal.files.Formats;
import io.cablekit.protocol.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Reading admin request bodies and writing JSON answers. */
final class Http {
  private Http() {}

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  static void json(ServerResponse res, int status, JsonNode body) {
    res.status(Status.create(status))
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .send((body.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static void ok(ServerResponse res, JsonNode body) {
    json(res, 200, body);
  }

  /** {@code {"error": message}}, plus the problems of a stub-format body. */
  static void error(ServerResponse res, AdminError e) {
    ObjectNode body = object().put("error", e.getMessage());
    if (!e.problems.isEmpty()) {
      ArrayNode list = body.putArray("problems");
      for (Problem p : e.problems) {
        list.addObject().put("file", p.file()).put("line", p.line()).put("message", p.message());
      }
    }
    json(res, e.status, body);
  }

  static String body(ServerRequest req) {
    return req.content().hasEntity() ? req.content().as(String.class) : "";
  }

  /** YAML when the Content-Type says so, JSON when it says so, else guessed from the text. */
  static Format format(ServerRequest req, String body) {
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("yaml")) {
      return Format.YAML;
    }
    return type.contains("json") ? Format.JSON : Formats.detect("", body);
  }

  /** A small JSON object body (mode, state, broadcast); 400 when it is not one. */
  static JsonNode jsonObject(ServerRequest req) {
    String body = body(req);
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw AdminError.badRequest("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw AdminError.badRequest("expected a JSON object as the body");
    }
    return node;
  }

  /** The string field {@code key} of {@code body}; 400 naming the field when it is missing or not a string. */
  static String text(JsonNode body, String key, String example) {
    JsonNode v = body.get(key);
    if (v == null || !v.isTextual()) {
      throw AdminError.badRequest(key + ": expected a string, e.g. " + example + ", got " + (v == null ? "nothing" : v.toString()));
    }
    return v.textValue();
  }
}
