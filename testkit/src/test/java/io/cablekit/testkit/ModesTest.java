package io.cablekit.testkit;

import static io.cablekit.testkit.CableAssertions.assertThat;
import static io.cablekit.testkit.CableAssertions.json;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.support.TestRpcServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension's modes: embedded mock, contract mode, HTTP broadcasting, and field lifecycles. */
class ModesTest {
  @Test
  void contractModeCallsTheApplicationsRpcServerAndHasNoMock() {
    try (TestRpcServer app = TestRpcServer.start()) {
      app.onCommand(c -> CommandResponse.newBuilder()
          .setStatus(Status.SUCCESS)
          .addStreams("orders")
          .addTransmissions(TestRpcServer.confirm(c.command().getIdentifier()))
          .build());
      EngineTestKit.engine("junit-jupiter")
          .configurationParameter("cablekit.rpc_host", app.target())
          .selectors(selectClass(ModeExamples.Contract.class))
          .execute()
          .testEvents()
          .assertStatistics(stats -> stats.started(2).succeeded(2));
      assertThat(app.history("Command")).isNotEmpty();
    }
  }

  @Test
  void httpBroadcastingGoesThroughTheBroadcastEndpoint() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ModeExamples.HttpBroadcasts.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void staticFieldSharesOneCableAcrossTestsAndInstanceFieldsGetOneEach() {
    ModeExamples.Lifecycle.ports.clear();
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ModeExamples.Lifecycle.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));
    var ports = ModeExamples.Lifecycle.ports;
    assertThat(ports).hasSize(4);
    assertThat(ports.get(0)).as("static cable in test 1 and 2").isEqualTo(ports.get(2));
    assertThat(ports.get(1)).as("instance cables differ").isNotEqualTo(ports.get(3));
  }

  @Test
  void journalShowsTheHttpSourceInHttpMode() {
    try (TestCable cable = TestCable.builder().broadcasting(Broadcasting.HTTP).start()) {
      cable.broadcast("s", Map.of("a", 1));
      assertThat(cable.server().journal().broadcasts("s")).extracting(JournalEvent.Published::source).containsExactly("http");
      assertThat(cable).broadcastsOn("s").includes(json("{\"a\":1}"));
    }
  }
}
