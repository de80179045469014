package io.cablekit.samples.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cablekit.testkit.CableClient;
import io.cablekit.testkit.ConnectOptions;
import io.cablekit.testkit.Subscription;
import io.cablekit.testkit.TestCable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AnyCable HTTP RPC answered by WireMock from src/test/resources/mappings, with CableKit in contract
 * mode in front of it: real WebSocket clients, a real server, WireMock as the application.
 */
class WireMockRpcTest {
  static final Duration WAIT = Duration.ofSeconds(2);

  @RegisterExtension
  static WireMockExtension app =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .failOnUnmatchedRequests(true)
          .build();

  @AutoClose TestCable cable = TestCable.builder().rpcHost("http://127.0.0.1:" + app.getPort() + "/_anycable").start();

  @Test
  void userConnectsSubscribesSpeaksAndReceives() {
    CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "alice"));
    Subscription room = alice.subscribe("ChatChannel", Map.of("room", "42"));

    assertThat(alice).hasIdentifiers(Map.of("user", "alice"));
    assertThat(room).isConfirmed().hasStream("chat_42").hasIstate("room", "42");

    room.perform("speak", Map.of("text", "hi"));
    assertThat(room).receivesTransmission(json(Map.of("text", "hi", "from", "alice"))).within(WAIT);

    cable.broadcast("chat_42", Map.of("text", "hello from the app"));
    assertThat(room).receivesBroadcast(json(Map.of("text", "hello from the app"))).within(WAIT);

    app.verify(postRequestedFor(urlPathEqualTo("/_anycable/command")).withRequestBody(matchingJsonPath("$.command", equalTo("message"))));
  }

  @Test
  void welcomeCarriesTheSidOfTheMetaHeader() {
    CableClient alice = cable.connect(ConnectOptions.defaults().cookie("uid", "alice"));

    assertThat(alice.sid()).isNotBlank();
    assertThat(alice.session()).isPresent();
    app.verify(postRequestedFor(urlPathEqualTo("/_anycable/connect")).withHeader("X-Anycable-Meta-Sid", equalTo(alice.sid())));
  }

  @Test
  void connectionWithoutUidCookieIsRejected() {
    CableClient visitor = cable.clients().connecting(ConnectOptions.defaults());

    assertThat(visitor).isRejectedWith("unauthorized");
  }
}
