package io.cablekit.mock.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.Mode;
import io.cablekit.server.Broadcast;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Scenarios, broadcasts, mode, reset, health and the OpenAPI document. */
final class ControlEndpoints {
  static final String OPENAPI = "/io/cablekit/mock/admin-openapi.yaml";
  private final MockRpc mock;

  ControlEndpoints(MockRpc mock) {
    this.mock = mock;
  }

  void scenarios(ServerRequest req, ServerResponse res) {
    Http.ok(res, scenarios());
  }

  void scenarioState(ServerRequest req, ServerResponse res) {
    String name = req.path().pathParameters().get("name");
    String state = Http.text(Http.jsonObject(req), "state", "{\"state\": \"paid\"}");
    if (mock.scenarioState(name) == null) {
      throw AdminError.notFound("no scenario named \"" + name + "\"; known: " + new TreeMap<>(mock.scenarios()).keySet());
    }
    mock.setScenarioState(name, state);
    Http.ok(res, Http.object().put("scenario", name).put("state", state));
  }

  void resetScenarios(ServerRequest req, ServerResponse res) {
    mock.resetScenarios();
    Http.ok(res, scenarios());
  }

  private ObjectNode scenarios() {
    ObjectNode body = Http.object();
    ObjectNode map = body.putObject("scenarios");
    new TreeMap<>(mock.scenarios()).forEach(map::put);
    return body;
  }

  /** Body {@code {"stream": "...", "data": <string or JSON>}}: published through the mock's broadcaster. */
  void broadcast(ServerRequest req, ServerResponse res) {
    JsonNode body = Http.jsonObject(req);
    String stream = Http.text(body, "stream", "\"chat_42\"");
    JsonNode data = body.get("data");
    if (stream.isEmpty() || data == null) {
      throw AdminError.badRequest(stream.isEmpty() ? "stream: must not be empty" : "data: expected a string or JSON, got nothing");
    }
    try {
      mock.broadcast(Broadcast.of(stream, data.isTextual() ? data.textValue() : data.toString()));
    } catch (IllegalStateException e) {
      throw new AdminError(409, e.getMessage());
    }
    Http.ok(res, Http.object().put("stream", stream));
  }

  void mode(ServerRequest req, ServerResponse res) {
    String mode = Http.text(Http.jsonObject(req), "mode", "\"strict\"");
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "strict" -> mock.mode(Mode.STRICT);
      case "permissive" -> mock.mode(Mode.PERMISSIVE);
      default -> throw AdminError.badRequest("mode: expected \"strict\" or \"permissive\", got \"" + mode + "\"");
    }
    Http.ok(res, Http.object().put("mode", mock.mode().name().toLowerCase(Locale.ROOT)));
  }

  /** Forgets stubs, journal and scenarios. */
  void reset(ServerRequest req, ServerResponse res) {
    int stubs = mock.stubs().size();
    int calls = mock.calls().size();
    mock.reset();
    Http.ok(res, Http.object().put("removed_stubs", stubs).put("removed_calls", calls));
  }

  void health(ServerRequest req, ServerResponse res) {
    Http.ok(res, Http.object().put("status", "ok").put("mode", mock.mode().name().toLowerCase(Locale.ROOT))
        .put("stubs", mock.stubs().size()).put("calls", mock.calls().size()));
  }

  void openapi(ServerRequest req, ServerResponse res) {
    try (InputStream in = ControlEndpoints.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI + " is missing from the class path");
      }
      res.header(HeaderNames.CONTENT_TYPE, "application/yaml").send(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
