package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.client.WsEvent;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.TestClient;
import io.cablekit.server.support.TestRpcServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectTest {
  TestRpcServer rpc;
  CableServer server;

  @BeforeEach
  void start() {
    rpc = TestRpcServer.start();
    server =
        CableServer.start(
            CableConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .httpBroadcastPort(0)
                .rpcHost(rpc.target())
                .headers(List.of("cookie", "x-api-token"))
                .build());
  }

  @AfterEach
  void stop() {
    server.close();
    rpc.close();
  }

  @Test
  void welcomesAClientTheRpcServerAccepts() throws Exception {
    try (TestClient client = TestClient.connect(server.url())) {
      JsonNode welcome = client.receive();
      assertThat(welcome.path("type").asText()).isEqualTo("welcome");
      TestRpcServer.Call call = rpc.take("Connect", Duration.ofSeconds(2));
      assertThat(welcome.path("sid").asText()).isEqualTo(call.sid());
      assertThat(call.protov()).isEqualTo("v1");
      assertThat(client.ws().protocol()).isEqualTo("actioncable-v1-json");
    }
  }

  @Test
  void sendsUrlAllowListedHeadersAndRemoteAddrInConnectEnv() throws Exception {
    try (TestClient client =
        TestClient.connect(
            java.net.URI.create(server.url() + "?token=abc"),
            Map.of("Cookie", "uid=26", "X-Api-Token", "t0k", "X-Other", "nope"),
            List.of("actioncable-v1-json"))) {
      client.receive();
      var env = rpc.take("Connect", Duration.ofSeconds(2)).connect().getEnv();
      assertThat(env.getUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/cable?token=abc");
      assertThat(env.getHeadersMap())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("cookie", "uid=26", "x-api-token", "t0k", "REMOTE_ADDR", "127.0.0.1"));
    }
  }

  @Test
  void closesWithAuthFailedAfterSendingTheRejectionWhenConnectFails() {
    rpc.onConnect(
        c ->
            ConnectionResponse.newBuilder()
                .setStatus(Status.FAILURE)
                .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}")
                .build());
    try (TestClient client = TestClient.connect(server.url())) {
      assertThat(client.receive().path("reason").asText()).isEqualTo("unauthorized");
      WsEvent.Closed closed = client.awaitClosed();
      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("Auth Failed");
    }
  }
}
