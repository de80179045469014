package io.cablekit.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.Json;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.SessionInfo;
import io.cablekit.server.Version;
import io.cablekit.server.internal.Node;
import io.cablekit.server.internal.session.Session;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Read-only HTTP view of what the server holds, for the shell's {@code state} against a remote
 * CableKit (DECISIONS.md): {@code GET /_cablekit/info}, {@code /_cablekit/sessions}, {@code
 * /_cablekit/sessions/{sid}}, {@code /_cablekit/streams/{stream}}, {@code /_cablekit/journal}.
 * Loopback clients only unless allowed, and a Bearer token when one is set (the mock admin API's
 * rule).
 */
public final class InspectionApi {
  public static final String BASE = "/_cablekit";

  private final Node node;
  private final String token;
  private final boolean allowRemote;
  private final Supplier<Map<String, Object>> info;

  public InspectionApi(Node node, String token, boolean allowRemote, Supplier<Map<String, Object>> info) {
    this.node = node;
    this.token = token == null || token.isEmpty() ? null : token;
    this.allowRemote = allowRemote;
    this.info = info;
  }

  public void register(HttpRules rules) {
    rules.get(BASE + "/info", (req, res) -> guarded(req, res, () -> info()));
    rules.get(BASE + "/sessions", (req, res) -> guarded(req, res, () -> sessions()));
    rules.get(BASE + "/sessions/{sid}", (req, res) -> guarded(req, res, () -> session(req.path().pathParameters().get("sid"))));
    rules.get(BASE + "/streams/{stream}", (req, res) -> guarded(req, res, () -> stream(req.path().pathParameters().get("stream"))));
    rules.get(BASE + "/journal", (req, res) -> guarded(req, res, () -> journal(req.query().first("limit").map(Integer::parseInt).orElse(100))));
  }

  private interface Body {
    Object get() throws NotFound;
  }

  private static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message, null, false, false);
    }
  }

  private void guarded(ServerRequest req, ServerResponse res, Body body) {
    res.header("Content-Type", "application/json");
    if (!allowRemote && !loopback(req)) {
      res.status(Status.FORBIDDEN_403).send(error("the inspection API answers loopback clients only"));
      return;
    }
    if (token != null) {
      String presented = Secrets.bearer(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      if (!Secrets.matches(token, presented)) {
        res.status(Status.UNAUTHORIZED_401).send(error("missing or wrong Bearer token"));
        return;
      }
    }
    try {
      res.send(Json.MAPPER.writeValueAsString(body.get()));
    } catch (NotFound e) {
      res.status(Status.NOT_FOUND_404).send(error(e.getMessage()));
    } catch (Exception e) {
      res.status(Status.INTERNAL_SERVER_ERROR_500).send(error(e.toString()));
    }
  }

  static boolean loopback(ServerRequest req) {
    if (req.remotePeer().address() instanceof InetSocketAddress inet) {
      InetAddress address = inet.getAddress();
      return address != null && address.isLoopbackAddress();
    }
    return false;
  }

  private static String error(String message) {
    return Json.MAPPER.createObjectNode().put("error", message).toString();
  }

  private Object info() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", Version.CABLEKIT);
    out.put("anycable", Version.ANYCABLE_COMPATIBLE);
    out.put("rpc", node.rpcTarget());
    out.put("sessions", node.sessions().registry().size());
    out.put("streams", node.hub().streamCount());
    out.set("extra", Json.MAPPER.valueToTree(info.get()));
    return out;
  }

  private Object sessions() {
    return node.sessions().registry().all().stream().map(Session::info).toList();
  }

  private Object session(String sid) throws NotFound {
    Session s = node.sessions().registry().bySid(sid);
    if (s == null) {
      throw new NotFound("no session " + sid);
    }
    SessionInfo info = s.info();
    return info;
  }

  private Object stream(String stream) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("stream", stream);
    out.set("subscribers", Json.MAPPER.valueToTree(node.hub().subscribers(stream)));
    return out;
  }

  private Object journal(int limit) {
    List<JournalEvent> events = node.journal().events();
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JournalEvent e : events.subList(Math.max(0, events.size() - limit), events.size())) {
      ObjectNode item = Json.MAPPER.valueToTree(e);
      item.put("event", e.getClass().getSimpleName());
      out.add(item);
    }
    return out;
  }
}
