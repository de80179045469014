package io.cablekit.mock.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.Stub;
import io.cablekit.mock.internal.files.StubEncoder;
import io.cablekit.mock.internal.files.StubReader;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;

/** {@code /__admin/stubs}: list, add, replace, get, delete and reset stubs, in the stub file format. */
final class StubEndpoints {
  static final String BODY = "request body";
  private final MockRpc mock;

  StubEndpoints(MockRpc mock) {
    this.mock = mock;
  }

  /** {@code {"stubs": [...], "meta": {"<id>": {"hits": n, "source": "..."}}}}; {@code jq '{stubs}'} gives a stub file. */
  void list(ServerRequest req, ServerResponse res) {
    List<Stub> stubs = mock.stubs();
    Map<String, Integer> hits = mock.stubHits();
    ObjectNode body = Http.object();
    ArrayNode list = body.putArray("stubs");
    ObjectNode meta = body.putObject("meta");
    for (Stub s : stubs) {
      list.add(StubEncoder.stub(s, false));
      meta.putObject(s.id()).put("hits", hits.getOrDefault(s.id(), 0)).put("source", s.source());
    }
    Http.ok(res, body);
  }

  /** Adds one stub object, a list, or {@code {stubs: [...]}}; a stub with an existing id replaces it. */
  void add(ServerRequest req, ServerResponse res) {
    List<Stub> stubs = read(req);
    stubs.forEach(mock::stub);
    Http.json(res, 201, ids(stubs));
  }

  /** Replaces every stub at once. */
  void replace(ServerRequest req, ServerResponse res) {
    List<Stub> stubs = read(req);
    mock.replaceStubs(stubs);
    Http.ok(res, ids(stubs));
  }

  void get(ServerRequest req, ServerResponse res) {
    Stub stub = find(req);
    ObjectNode body = Http.object();
    body.set("stub", StubEncoder.stub(stub, false));
    body.put("hits", mock.stubHits().getOrDefault(stub.id(), 0)).put("source", stub.source());
    Http.ok(res, body);
  }

  void delete(ServerRequest req, ServerResponse res) {
    Stub stub = find(req);
    mock.removeStub(stub.id());
    Http.ok(res, Http.object().put("deleted", stub.id()));
  }

  void reset(ServerRequest req, ServerResponse res) {
    int count = mock.stubs().size();
    mock.resetStubs();
    Http.ok(res, Http.object().put("removed", count));
  }

  private Stub find(ServerRequest req) {
    String id = req.path().pathParameters().get("id");
    return mock.stubs().stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> AdminError.notFound("no stub with id \"" + id + "\""));
  }

  /** The stubs of a body in the stub format (JSON, or YAML with a YAML Content-Type); 422 with every problem. */
  private static List<Stub> read(ServerRequest req) {
    String text = Http.body(req);
    if (text.isBlank()) {
      throw new AdminError(422, "the body is empty: send a stub, a list of stubs or {\"stubs\": [...]}");
    }
    StubReader.Result r = StubReader.read(text, BODY, Http.format(req, text), line -> "admin", true);
    if (!r.problems().isEmpty()) {
      throw AdminError.problems(r.problems());
    }
    return r.stubs();
  }

  private static ObjectNode ids(List<Stub> stubs) {
    ObjectNode body = Http.object();
    ArrayNode ids = body.putArray("ids");
    stubs.forEach(s -> ids.add(s.id()));
    return body;
  }
}
