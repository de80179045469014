package io.cablekit.server;

import static io.cablekit.server.support.TestRpcServer.confirm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.Harness;
import io.cablekit.server.support.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /_cablekit/...: what the server holds, for tools such as the shell. */
class InspectionApiTest {
  static HttpResponse<String> get(Harness h, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.server.port() + path));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsSessionsWithIdentifiersStateSubscriptionsAndStreams() throws Exception {
    try (Harness h = Harness.start()) {
      h.rpc.onCommand(c -> CommandResponse.newBuilder()
          .setStatus(Status.SUCCESS).addStreams("chat_1")
          .setEnv(EnvResponse.newBuilder().putIstate("room", "1").putCstate("locale", "en"))
          .addTransmissions(confirm(c.command().getIdentifier())).build());
      TestClient client = h.connectWelcomed();
      client.subscribe("{\"channel\":\"Chat\"}");
      client.receive();
      String sid = h.server.sessions().get(0).sid();

      JsonNode sessions = Json.MAPPER.readTree(get(h, "/_cablekit/sessions", Map.of()).body());
      assertThat(sessions).hasSize(1);
      String body = get(h, "/_cablekit/sessions/" + sid, Map.of()).body();
      JsonNode session = Json.MAPPER.readTree(body);
      assertThat(session.has("identifiers")).as(body).isTrue();
      assertThat(session.path("identifiers").asText()).isEqualTo("{}");
      assertThat(session.path("cstate").path("locale").asText()).isEqualTo("en");
      JsonNode sub = session.path("subscriptions").get(0);
      assertThat(sub.path("identifier").asText()).isEqualTo("{\"channel\":\"Chat\"}");
      assertThat(sub.path("streams").get(0).asText()).isEqualTo("chat_1");
      assertThat(sub.path("istate").path("room").asText()).isEqualTo("1");
      JsonNode stream = Json.MAPPER.readTree(get(h, "/_cablekit/streams/chat_1", Map.of()).body());
      assertThat(stream.path("subscribers").path("{\"channel\":\"Chat\"}").get(0).asText()).isEqualTo(sid);
      assertThat(get(h, "/_cablekit/sessions/nope", Map.of()).statusCode()).isEqualTo(404);
      JsonNode info = Json.MAPPER.readTree(get(h, "/_cablekit/info", Map.of()).body());
      assertThat(info.path("sessions").asInt()).isEqualTo(1);
      JsonNode journal = Json.MAPPER.readTree(get(h, "/_cablekit/journal?limit=2", Map.of()).body());
      assertThat(journal).hasSize(2);
    }
  }

  @Test
  void requiresTheBearerTokenWhenOneIsSet() throws Exception {
    try (Harness h = Harness.start(b -> b.inspectToken("t0k"))) {
      assertThat(get(h, "/_cablekit/sessions", Map.of()).statusCode()).isEqualTo(401);
      assertThat(get(h, "/_cablekit/sessions", Map.of("Authorization", "Bearer t0k")).statusCode()).isEqualTo(200);
    }
  }
}
