package io.cablekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.server.support.Harness;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 4.3, HTTP row: port choice and Bearer authentication. */
class HttpBroadcastAuthTest {
  static final String BODY = "{\"stream\":\"s\",\"data\":\"1\"}";

  @Test
  void unsecuredEndpointListensOnItsOwnPortWithoutAuth() throws Exception {
    try (Harness h = Harness.start()) {
      assertThat(h.server.broadcastUrl().orElseThrow().getPort()).isNotEqualTo(h.server.port());
      assertThat(BroadcastTest.post(h.server.broadcastUrl().orElseThrow(), BODY, Map.of())).isEqualTo(201);
    }
  }

  @Test
  void explicitKeyMovesTheEndpointToTheMainPortAndRequiresBearer() throws Exception {
    try (Harness h = Harness.start(b -> b.broadcastKey("k3y"))) {
      var url = h.server.broadcastUrl().orElseThrow();
      assertThat(url.getPort()).isEqualTo(h.server.port());
      assertThat(BroadcastTest.post(url, BODY, Map.of())).isEqualTo(401);
      assertThat(BroadcastTest.post(url, BODY, Map.of("Authorization", "Bearer wrong"))).isEqualTo(401);
      assertThat(BroadcastTest.post(url, BODY, Map.of("Authorization", "Bearer k3y"))).isEqualTo(201);
    }
  }

  @Test
  void keyIsDerivedFromTheSecret() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("broadcast-cable".getBytes(StandardCharsets.UTF_8)));
    try (Harness h = Harness.start(b -> b.secret("s3cr3t"))) {
      var url = h.server.broadcastUrl().orElseThrow();
      assertThat(BroadcastTest.post(url, BODY, Map.of("Authorization", "Bearer s3cr3t"))).isEqualTo(401);
      assertThat(BroadcastTest.post(url, BODY, Map.of("Authorization", "Bearer " + expected))).isEqualTo(201);
    }
  }

  @Test
  void keyNoneDisablesAuthEvenWithASecret() throws Exception {
    try (Harness h = Harness.start(b -> b.secret("s3cr3t").broadcastKey("none"))) {
      assertThat(BroadcastTest.post(h.server.broadcastUrl().orElseThrow(), BODY, Map.of())).isEqualTo(201);
    }
  }
}
