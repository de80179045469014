package io.cablekit.samples.contract;

import static io.cablekit.testkit.CableAssertions.assertThat;

import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Contract mode without the extension: a TestCable pointed at the application's RPC server. */
class ProgrammaticContractTest {
  @AutoClose static ChatApp app = ChatApp.start();
  @AutoClose TestCable cable = TestCable.builder().rpcHost(app.target()).start();

  @Test
  void userJoinsARoomThroughTheApplication() {
    CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "alice"));
    Subscription room = alice.subscribe("ChatChannel", Map.of("room", "42"));

    assertThat(alice).hasIdentifiers(Map.of("user", "alice"));
    assertThat(room).isConfirmed().hasStream("chat_42").hasIstate("room", "42");
  }

  @Test
  void applicationRejectsAVisitorWithoutCookie() {
    CableClient visitor = cable.clients().connecting(ConnectOptions.defaults());

    assertThat(visitor).isRejectedWith("unauthorized");
    assertThat(cable.contractMode()).isTrue();
  }
}
