package io.cablekit.mock.internal.admin;

import io.cablekit.mock.MockRpc;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The admin API's routes under {@code /__admin}, each behind {@link Access}; errors are answered
 * as {@code {"error": ...}}. The table of {@link #ROUTES} is what admin-openapi.yaml documents.
 */
public final class AdminRoutes {
  private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());

  /** One endpoint: method, path template and what serves it. */
  public record Route(Method method, String path) {
    boolean matches(String actual) {
      return Pattern.matches(path.replaceAll("\\{[^/]+}", "[^/]+"), actual);
    }
  }

  /** Every endpoint, in registration order (fixed paths before templates). */
  public static final List<Route> ROUTES = List.of(
      new Route(Method.GET, "/__admin/health"),
      new Route(Method.GET, "/__admin/openapi.yaml"),
      new Route(Method.GET, "/__admin/stubs"),
      new Route(Method.POST, "/__admin/stubs"),
      new Route(Method.PUT, "/__admin/stubs"),
      new Route(Method.POST, "/__admin/stubs/reset"),
      new Route(Method.GET, "/__admin/stubs/{id}"),
      new Route(Method.DELETE, "/__admin/stubs/{id}"),
      new Route(Method.GET, "/__admin/calls"),
      new Route(Method.DELETE, "/__admin/calls"),
      new Route(Method.GET, "/__admin/calls/unmatched"),
      new Route(Method.POST, "/__admin/calls/count"),
      new Route(Method.POST, "/__admin/calls/verify"),
      new Route(Method.GET, "/__admin/scenarios"),
      new Route(Method.PUT, "/__admin/scenarios/{name}/state"),
      new Route(Method.POST, "/__admin/scenarios/reset"),
      new Route(Method.POST, "/__admin/broadcast"),
      new Route(Method.POST, "/__admin/mode"),
      new Route(Method.POST, "/__admin/reset"));

  private final Access access;
  private final StubEndpoints stubs;
  private final JournalEndpoints journal;
  private final ControlEndpoints control;

  public AdminRoutes(MockRpc mock, Access access) {
    this.access = access;
    this.stubs = new StubEndpoints(mock);
    this.journal = new JournalEndpoints(mock);
    this.control = new ControlEndpoints(mock);
  }

  public void register(HttpRouting.Builder routing) {
    for (Route r : ROUTES) {
      routing.route(r.method(), r.path(), guarded(handler(r)));
    }
    routing.any("/__admin", guarded(AdminRoutes::fallback));
    routing.any("/__admin/*", guarded(AdminRoutes::fallback));
  }

  private Handler handler(Route r) {
    String key = r.method().text() + " " + r.path();
    return switch (key) {
      case "GET /__admin/health" -> control::health;
      case "GET /__admin/openapi.yaml" -> control::openapi;
      case "GET /__admin/stubs" -> stubs::list;
      case "POST /__admin/stubs" -> stubs::add;
      case "PUT /__admin/stubs" -> stubs::replace;
      case "POST /__admin/stubs/reset" -> stubs::reset;
      case "GET /__admin/stubs/{id}" -> stubs::get;
      case "DELETE /__admin/stubs/{id}" -> stubs::delete;
      case "GET /__admin/calls" -> journal::list;
      case "DELETE /__admin/calls" -> journal::clear;
      case "GET /__admin/calls/unmatched" -> journal::unmatched;
      case "POST /__admin/calls/count" -> journal::count;
      case "POST /__admin/calls/verify" -> journal::verify;
      case "GET /__admin/scenarios" -> control::scenarios;
      case "PUT /__admin/scenarios/{name}/state" -> control::scenarioState;
      case "POST /__admin/scenarios/reset" -> control::resetScenarios;
      case "POST /__admin/broadcast" -> control::broadcast;
      case "POST /__admin/mode" -> control::mode;
      case "POST /__admin/reset" -> control::reset;
      default -> throw new IllegalStateException("no handler for " + key);
    };
  }

  /** Checks access, then runs {@code h}; turns failures into JSON errors. */
  private Handler guarded(Handler h) {
    return (req, res) -> {
      Access.Denial denial = access.check(req.remotePeer().address(), req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      if (denial != null) {
        if (denial.status() == 401) {
          res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cablekit-admin\"");
        }
        Http.error(res, new AdminError(denial.status(), denial.message()));
        return;
      }
      try {
        h.handle(req, res);
      } catch (AdminError e) {
        Http.error(res, e);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "admin request " + req.prologue().method().text() + " " + req.path().path() + " failed", e);
        Http.error(res, new AdminError(500, "internal error: " + e));
      }
    };
  }

  /** 405 with the allowed methods for a known path, else 404. */
  private static void fallback(ServerRequest req, ServerResponse res) {
    String path = req.path().path();
    String allowed = ROUTES.stream().filter(r -> r.matches(path)).map(r -> r.method().text()).collect(Collectors.joining(", "));
    if (!allowed.isEmpty()) {
      res.header(HeaderNames.ALLOW, allowed);
      throw new AdminError(405, req.prologue().method().text() + " is not allowed on " + path + "; use " + allowed);
    }
    throw AdminError.notFound("no admin endpoint " + path + "; the API is described at GET /__admin/openapi.yaml");
  }
}
