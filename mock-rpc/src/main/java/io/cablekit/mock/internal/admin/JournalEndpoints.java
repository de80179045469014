package io.cablekit.mock.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.Kind;
import io.cablekit.mock.MockRpc;
import io.cablekit.mock.RecordedCall;
import io.cablekit.mock.VerificationException;
import io.cablekit.mock.internal.files.StubReader;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.stream.Stream;

/** {@code /__admin/calls}: the journal, unmatched calls with near misses, counting and verifying. */
final class JournalEndpoints {
  private final MockRpc mock;

  JournalEndpoints(MockRpc mock) {
    this.mock = mock;
  }

  /** Oldest first; {@code ?kind=perform&channel=X&limit=N} keeps the N most recent matching calls. */
  void list(ServerRequest req, ServerResponse res) {
    var query = req.query();
    Stream<RecordedCall> calls = mock.calls().stream();
    if (query.contains("kind")) {
      Kind kind = kind(query.get("kind"));
      calls = calls.filter(c -> c.kind() == kind);
    }
    if (query.contains("channel")) {
      String channel = query.get("channel");
      calls = calls.filter(c -> c.call().channel().equals(channel));
    }
    List<RecordedCall> found = calls.toList();
    if (query.contains("limit")) {
      int limit = limit(query.get("limit"));
      found = found.subList(Math.max(0, found.size() - limit), found.size());
    }
    ObjectNode body = Http.object();
    ArrayNode list = body.putArray("calls");
    found.forEach(c -> list.add(CallJson.of(c)));
    Http.ok(res, body);
  }

  void clear(ServerRequest req, ServerResponse res) {
    int count = mock.calls().size();
    mock.clearJournal();
    Http.ok(res, Http.object().put("removed", count));
  }

  void unmatched(ServerRequest req, ServerResponse res) {
    ObjectNode body = Http.object();
    ArrayNode list = body.putArray("calls");
    for (RecordedCall c : mock.unmatched()) {
      list.add(CallJson.of(c).put("near_misses", mock.nearMisses(c)));
    }
    Http.ok(res, body);
  }

  /** Body {@code {"match": {...}}} → {@code {"count": n}}. */
  void count(ServerRequest req, ServerResponse res) {
    StubReader.MatchRequest r = read(req, false);
    Http.ok(res, Http.object().put("count", mock.findAll(r.pattern()).size()));
  }

  /** Body {@code {"match": {...}, "count": {"exactly": n}}} → 200, or 409 with the verification failure. */
  void verify(ServerRequest req, ServerResponse res) {
    StubReader.MatchRequest r = read(req, true);
    int count = mock.findAll(r.pattern()).size();
    try {
      mock.verify(r.count(), r.pattern());
      Http.ok(res, Http.object().put("count", count).put("expected", r.count().description()));
    } catch (VerificationException e) {
      Http.json(res, 409, Http.object().put("error", e.getMessage()).put("count", count).put("expected", r.count().description()));
    }
  }

  private static StubReader.MatchRequest read(ServerRequest req, boolean withCount) {
    String text = Http.body(req);
    StubReader.MatchRequest r = StubReader.readMatchRequest(text, StubEndpoints.BODY, Http.format(req, text), withCount);
    if (!r.problems().isEmpty()) {
      throw AdminError.problems(r.problems());
    }
    return r;
  }

  private static Kind kind(String label) {
    try {
      return Kind.parse(label);
    } catch (IllegalArgumentException e) {
      throw AdminError.badRequest("kind: " + e.getMessage());
    }
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw AdminError.badRequest("limit: expected a whole number of at least 0, got \"" + text + "\"");
  }
}
