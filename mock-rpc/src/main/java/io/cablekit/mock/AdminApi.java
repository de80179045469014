package io.cablekit.mock;

import io.cablekit.mock.internal.admin.Access;
import io.cablekit.mock.internal.admin.AdminRoutes;
import io.helidon.webserver.http.HttpRouting;
import java.util.function.BiConsumer;

/**
 * The mock's admin HTTP API under {@code /__admin} on the mock's own port: stubs in the stub file
 * format, the call journal with near misses, counts and verification, scenarios, broadcasts, mode
 * and reset. Bodies are JSON (stubs may also be YAML, with {@code Content-Type:
 * application/yaml}); the API is described by {@code GET /__admin/openapi.yaml}.
 *
 * <pre>{@code
 * MockRpc rpc = MockRpc.start(MockRpcConfig.builder().route(AdminApi.routes(null, false)).build());
 * // curl -X POST localhost:<port>/__admin/stubs -H 'Content-Type: application/yaml' --data-binary @chat.yml
 * }</pre>
 */
public final class AdminApi {
  private AdminApi() {}

  /**
   * The admin routes, to pass to {@link MockRpcConfig.Builder#route}.
   *
   * @param token the Bearer token every request must carry ({@code Authorization: Bearer <token>},
   *     else 401), or null for none
   * @param allowRemote whether clients other than loopback are served (else 403)
   */
  public static BiConsumer<MockRpc, HttpRouting.Builder> routes(String token, boolean allowRemote) {
    Access access = new Access(token, allowRemote);
    return (mock, routing) -> new AdminRoutes(mock, access).register(routing);
  }
}
