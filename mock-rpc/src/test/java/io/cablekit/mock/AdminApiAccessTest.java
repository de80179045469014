package io.cablekit.mock;

import static io.cablekit.mock.AdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.mock.AdminApiTest.Answer;
import io.cablekit.mock.AdminApiTest.Rig;
import io.cablekit.mock.internal.admin.Access;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may use the admin API: a token is checked over real HTTP; the loopback rule is checked on
 * the predicate (this machine offers no other address a test may bind to).
 */
class AdminApiAccessTest {

  @Test
  void aTokenIsRequiredWhenConfigured() {
    try (Rig rig = new Rig("s3cret")) {
      Answer missing = rig.get("/__admin/health");
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cablekit-admin\"");
      assertThat(missing.json()).isEqualTo(json("{\"error\": \"the admin API needs a token: send Authorization: Bearer <token>\"}"));

      Answer wrong = rig.send("POST", "/__admin/stubs", "[]", Map.of("Authorization", "Bearer guess"));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.json()).isEqualTo(json("{\"error\": \"wrong admin token in the Authorization header\"}"));
      assertThat(rig.get("/__admin/nope").status()).as("unknown paths reveal nothing either").isEqualTo(401);

      Answer right = rig.send("GET", "/__admin/health", null, Map.of("Authorization", "Bearer s3cret"));
      assertThat(right.status()).isEqualTo(200);
    }
  }

  @Test
  void withoutATokenLoopbackClientsNeedNone() {
    try (Rig rig = new Rig(null)) {
      assertThat(rig.get("/__admin/health").status()).isEqualTo(200);
    }
  }

  @Test
  void servesLoopbackClientsOnly() throws Exception {
    Access local = new Access(null, false);
    assertThat(local.check(address("127.0.0.1"), null)).isNull();
    assertThat(local.check(address("127.8.9.10"), null)).isNull();
    assertThat(local.check(address("::1"), null)).isNull();
    assertThat(local.check(address("10.0.0.7"), null)).isEqualTo(new Access.Denial(403,
        "the admin API serves loopback clients only, and this request came from 10.0.0.7; "
            + "allow remote admin access to reach it from elsewhere"));
    assertThat(local.check(address("192.0.2.1"), null)).extracting(Access.Denial::status).isEqualTo(403);
  }

  @Test
  void remoteClientsAreServedWhenAllowedButStillNeedTheToken() throws Exception {
    Access remote = new Access("t", true);
    assertThat(remote.check(address("10.0.0.7"), "Bearer t")).isNull();
    assertThat(remote.check(address("10.0.0.7"), null)).extracting(Access.Denial::status).isEqualTo(401);
    assertThat(new Access("", false).check(address("127.0.0.1"), null)).as("an empty token means none").isNull();
  }

  private static InetSocketAddress address(String ip) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), 40000);
  }
}
