package io.cablekit.server.internal.rpc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.cablekit.server.support.HttpRpcStubs.okJson;
import static io.cablekit.server.support.HttpRpcStubs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.Env;
import io.cablekit.server.internal.metrics.Metrics;
import io.cablekit.server.support.HttpRpcStubs;
import io.cablekit.server.support.HttpRpcStubs.RecordedRequest;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpTransport} and {@link RpcClient} against WireMock (PROTOCOL.md 1.5, 2.8). */
class HttpRpcTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String SID = "sid-123";
  private static final String IDENTIFIER = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";

  private HttpRpcStubs stubs;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() {
    stubs = HttpRpcStubs.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    stubs.close();
  }

  // ---------------------------------------------------------------- requests: path and headers

  @Test
  void postsEachMethodToItsOwnPathUnderTheBaseUrl() throws Exception {
    stubAllSucceed();
    RpcClient rpc = client(transport(stubs.baseUrl(), null));

    rpc.connect(SID, ConnectionRequest.getDefaultInstance());
    rpc.command(SID, CommandMessage.newBuilder().setCommand("subscribe").build(), () -> false);
    rpc.disconnect(SID, DisconnectRequest.getDefaultInstance());

    assertThat(stubs.requests())
        .extracting(r -> r.request().getMethod().getName() + " " + r.request().getUrl())
        .containsExactly(
            "POST /_anycable/connect", "POST /_anycable/command", "POST /_anycable/disconnect");
  }

  @Test
  void doesNotDoubleTheSlashWhenTheBaseUrlEndsWithOne() throws Exception {
    stubAllSucceed();
    client(transport(stubs.baseUrl() + "/", null))
        .connect(SID, ConnectionRequest.getDefaultInstance());

    assertThat(stubs.takeRequest("connect", WAIT).request().getUrl())
        .isEqualTo("/_anycable/connect");
  }

  @Test
  void sendsJsonContentTypeAndSidAndProtovMetadataHeaders() throws Exception {
    stubAllSucceed();
    client(transport(stubs.baseUrl(), null)).connect(SID, ConnectionRequest.getDefaultInstance());

    RecordedRequest r = stubs.takeRequest("connect", WAIT);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("X-Anycable-Meta-Sid")).isEqualTo(SID);
    assertThat(r.header("X-Anycable-Meta-Protov")).isEqualTo("v1");
  }

  @Test
  void sendsMetadataHeadersOnCommandAndDisconnectToo() throws Exception {
    stubAllSucceed();
    RpcClient rpc = client(transport(stubs.baseUrl(), null));
    rpc.command("sid-c", CommandMessage.newBuilder().setCommand("subscribe").build(), () -> false);
    rpc.disconnect("sid-d", DisconnectRequest.getDefaultInstance());

    RecordedRequest command = stubs.takeRequest("command", WAIT);
    RecordedRequest disconnect = stubs.takeRequest("disconnect", WAIT);
    assertThat(command.header("X-Anycable-Meta-Sid")).isEqualTo("sid-c");
    assertThat(command.header("X-Anycable-Meta-Protov")).isEqualTo("v1");
    assertThat(disconnect.header("X-Anycable-Meta-Sid")).isEqualTo("sid-d");
    assertThat(disconnect.header("X-Anycable-Meta-Protov")).isEqualTo("v1");
  }

  @Test
  void sendsTheSecretAsBearerAuthorizationWhenOneIsSet() throws Exception {
    stubAllSucceed();
    client(transport(stubs.baseUrl(), "rpc-s3cr3t"))
        .connect(SID, ConnectionRequest.getDefaultInstance());

    assertThat(stubs.takeRequest("connect", WAIT).header("Authorization"))
        .isEqualTo("Bearer rpc-s3cr3t");
  }

  @ParameterizedTest(name = "secret={0}")
  @CsvSource(
      value = {"<null>", "''"},
      nullValues = "<null>")
  void sendsNoAuthorizationHeaderWithoutASecret(String secret) throws Exception {
    stubAllSucceed();
    client(transport(stubs.baseUrl(), secret)).connect(SID, ConnectionRequest.getDefaultInstance());

    assertThat(stubs.takeRequest("connect", WAIT).request().containsHeader("Authorization"))
        .isFalse();
  }

  // ---------------------------------------------------------------- requests: JSON body

  @Test
  void encodesConnectWithSnakeCaseEnvAndOmitsEmptyFields() throws Exception {
    stubAllSucceed();
    ConnectionRequest request =
        ConnectionRequest.newBuilder()
            .setEnv(
                Env.newBuilder()
                    .setUrl("http://cable.example/cable?x=1")
                    .putHeaders("cookie", "a=b")
                    .putHeaders("REMOTE_ADDR", "10.0.0.1"))
            .build();
    client(transport(stubs.baseUrl(), null)).connect(SID, request);

    assertThat(stubs.takeRequest("connect", WAIT).body())
        .isEqualTo(
            parse(
                "{\"env\":{\"url\":\"http://cable.example/cable?x=1\","
                    + "\"headers\":{\"cookie\":\"a=b\",\"REMOTE_ADDR\":\"10.0.0.1\"}}}"));
  }

  @Test
  void encodesCommandWithProtoFieldNamesIncludingConnectionIdentifiersAndEnvState()
      throws Exception {
    stubAllSucceed();
    CommandMessage request =
        CommandMessage.newBuilder()
            .setCommand("message")
            .setIdentifier(IDENTIFIER)
            .setConnectionIdentifiers("{\"user_id\":42}")
            .setData("{\"action\":\"speak\"}")
            .setEnv(
                Env.newBuilder()
                    .setUrl("http://cable.example/cable")
                    .putHeaders("cookie", "a=b")
                    .putCstate("user", "\"bob\"")
                    .putIstate("count", "3"))
            .build();
    client(transport(stubs.baseUrl(), null)).command(SID, request, () -> false);

    RecordedRequest r = stubs.takeRequest("command", WAIT);
    assertThat(r.body())
        .isEqualTo(
            parse(
                "{\"command\":\"message\","
                    + "\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\","
                    + "\"connection_identifiers\":\"{\\\"user_id\\\":42}\","
                    + "\"data\":\"{\\\"action\\\":\\\"speak\\\"}\","
                    + "\"env\":{\"url\":\"http://cable.example/cable\",\"headers\":{\"cookie\":\"a=b\"},"
                    + "\"cstate\":{\"user\":\"\\\"bob\\\"\"},\"istate\":{\"count\":\"3\"}}}"));
    assertThat(r.bodyText()).doesNotContain("connectionIdentifiers");
  }

  @Test
  void omitsDataAndEmptyEnvMapsFromASubscribeCommand() throws Exception {
    stubAllSucceed();
    CommandMessage request =
        CommandMessage.newBuilder()
            .setCommand("subscribe")
            .setIdentifier(IDENTIFIER)
            .setEnv(Env.newBuilder().setUrl("http://cable.example/cable"))
            .build();
    client(transport(stubs.baseUrl(), null)).command(SID, request, () -> false);

    assertThat(stubs.takeRequest("command", WAIT).body())
        .isEqualTo(
            parse(
                "{\"command\":\"subscribe\","
                    + "\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\","
                    + "\"env\":{\"url\":\"http://cable.example/cable\"}}"));
  }

  @Test
  void encodesDisconnectWithIdentifiersSubscriptionsAndPerChannelIstate() throws Exception {
    stubAllSucceed();
    DisconnectRequest request =
        DisconnectRequest.newBuilder()
            .setIdentifiers("{\"user_id\":42}")
            .addSubscriptions(IDENTIFIER)
            .setEnv(
                Env.newBuilder()
                    .setUrl("http://cable.example/cable")
                    .putCstate("k", "v")
                    .putIstate(IDENTIFIER, "{\"count\":\"3\"}"))
            .build();
    client(transport(stubs.baseUrl(), null)).disconnect(SID, request);

    assertThat(stubs.takeRequest("disconnect", WAIT).body())
        .isEqualTo(
            parse(
                "{\"identifiers\":\"{\\\"user_id\\\":42}\","
                    + "\"subscriptions\":[\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\"],"
                    + "\"env\":{\"url\":\"http://cable.example/cable\",\"cstate\":{\"k\":\"v\"},"
                    + "\"istate\":{\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"42\\\"}\":"
                    + "\"{\\\"count\\\":\\\"3\\\"}\"}}}"));
  }

  @Test
  void encodesDefaultRequestsAsEmptyObjectsWithoutEnumsOrZeroValues() throws Exception {
    stubAllSucceed();
    RpcClient rpc = client(transport(stubs.baseUrl(), null));
    rpc.connect(SID, ConnectionRequest.getDefaultInstance());
    rpc.command(SID, CommandMessage.getDefaultInstance(), () -> false);
    rpc.disconnect(SID, DisconnectRequest.getDefaultInstance());

    assertThat(stubs.requests())
        .extracting(RecordedRequest::bodyText)
        .containsExactly("{}", "{}", "{}");
  }

  // ---------------------------------------------------------------- responses

  @Test
  void parsesACommandResponseWithSnakeCaseFieldsAndIgnoresUnknownFields() throws Exception {
    stubs.stub(
        "command",
        okJson(
            "{\"status\":1,\"streams\":[\"a\"],\"stop_streams\":true,\"stopped_streams\":[\"b\"],"
                + "\"transmissions\":[\"x\"],\"env\":{\"cstate\":{\"k\":\"v\"},\"istate\":{\"i\":\"j\"}},"
                + "\"unknown_field\":5}"));
    CommandResponse response =
        client(transport(stubs.baseUrl(), null))
            .command(SID, CommandMessage.newBuilder().setCommand("subscribe").build(), () -> false);

    assertThat(response.getStatus()).isEqualTo(io.cablekit.rpc.Status.SUCCESS);
    assertThat(response.getStreamsList()).containsExactly("a");
    assertThat(response.getStopStreams()).isTrue();
    assertThat(response.getStoppedStreamsList()).containsExactly("b");
    assertThat(response.getTransmissionsList()).containsExactly("x");
    assertThat(response.getEnv().getCstateMap()).containsExactlyEntriesOf(Map.of("k", "v"));
    assertThat(response.getEnv().getIstateMap()).containsExactlyEntriesOf(Map.of("i", "j"));
    assertThat(response.getDisconnect()).isFalse();
    assertThat(response.getErrorMsg()).isEmpty();
  }

  @ParameterizedTest(name = "status {0} -> {1}")
  @CsvSource({"0, ERROR", "1, SUCCESS", "2, FAILURE"})
  void parsesIntegerStatusOfAConnectionResponse(int number, io.cablekit.rpc.Status expected)
      throws Exception {
    stubs.stub(
        "connect",
        okJson(
            "{\"status\":"
                + number
                + ",\"identifiers\":\"{\\\"uid\\\":\\\"26\\\"}\","
                + "\"transmissions\":[\"t1\",\"t2\"],\"error_msg\":\"m\"}"));
    ConnectionResponse response =
        client(transport(stubs.baseUrl(), null))
            .connect(SID, ConnectionRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(expected);
    assertThat(response.getIdentifiers()).isEqualTo("{\"uid\":\"26\"}");
    assertThat(response.getTransmissionsList()).containsExactly("t1", "t2");
    assertThat(response.getErrorMsg()).isEqualTo("m");
  }

  @Test
  void treatsAnOmittedStatusAsErrorAndReadsErrorMsg() throws Exception {
    stubs.stub("disconnect", okJson("{\"error_msg\":\"boom\"}"));
    DisconnectResponse response =
        client(transport(stubs.baseUrl(), null))
            .disconnect(SID, DisconnectRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(io.cablekit.rpc.Status.ERROR);
    assertThat(response.getErrorMsg()).isEqualTo("boom");
  }

  @Test
  void failsWithInternalAndNoRetryWhenA200BodyIsNotJson() {
    stubs.stub("connect", okJson("<html>oops</html>"));
    RpcClient rpc = client(transport(stubs.baseUrl(), null));

    RpcException e = catchRpc(() -> rpc.connect(SID, ConnectionRequest.getDefaultInstance()));

    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(1);
  }

  // ---------------------------------------------------------------- status mapping

  @Test
  void mapsHttp401ToUnauthenticatedWithoutRetrying() {
    assertHttpStatusMapsTo(401, Status.Code.UNAUTHENTICATED);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 422})
  void mapsHttp400And422ToInvalidArgumentWithoutRetrying(int status) {
    assertHttpStatusMapsTo(status, Status.Code.INVALID_ARGUMENT);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {404, 500, 302, 201})
  void mapsOtherNon200StatusesToUnknownWithoutRetrying(int status) {
    assertHttpStatusMapsTo(status, Status.Code.UNKNOWN);
  }

  @Test
  void doesNotRetryHttp503BecauseOnlyNetworkFailuresAreUnavailable() {
    // PROTOCOL.md 1.5: "any other non-200 -> Unknown"; only network failures are Unavailable.
    assertHttpStatusMapsTo(503, Status.Code.UNKNOWN);
  }

  @Test
  void retriesARefusedConnectionAsUnavailableWithExponentialBackoffUntilTheDeadline()
      throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    AttemptRecorder recorder =
        new AttemptRecorder(transport("http://127.0.0.1:" + closedPort + "/_anycable", null));
    Metrics metrics = new Metrics();
    Duration deadline = Duration.ofMillis(1000);
    RpcClient rpc = new RpcClient(recorder, 28, deadline, Duration.ZERO, metrics);

    long start = System.nanoTime();
    RpcException e = catchRpc(() -> rpc.connect(SID, ConnectionRequest.getDefaultInstance()));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    // Attempts at ~0, 100, 300, 700 ms; the next backoff (800 ms) would pass the 1000 ms deadline.
    List<Long> at = recorder.attempts;
    assertThat(at.size()).isGreaterThanOrEqualTo(3);
    for (int i = 1; i < at.size(); i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(at.get(i) - at.get(i - 1));
      assertThat(gapMs).as("backoff before attempt %d", i).isGreaterThanOrEqualTo(100L << (i - 1));
    }
    assertThat(metrics.value("rpc_retries_total")).isEqualTo(at.size() - 1);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(300).isLessThan(deadline.toMillis() + 1000);
  }

  @Test
  void mapsAResponseSlowerThanTheRequestTimeoutToDeadlineExceededWithoutRetrying() {
    stubs.stub("connect", okJson("{\"status\":1}").withFixedDelay(2000));
    RpcClient rpc =
        new RpcClient(
            transport(stubs.baseUrl(), null),
            28,
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            new Metrics());

    long start = System.nanoTime();
    RpcException e = catchRpc(() -> rpc.connect(SID, ConnectionRequest.getDefaultInstance()));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(200).isLessThan(1800);
    assertThat(stubs.count("connect")).isEqualTo(1);
  }

  @Test
  void boundsAnAttemptWithoutRequestTimeoutByTheCommandTimeout() {
    stubs.stub("command", okJson("{\"status\":1}").withFixedDelay(2000));
    RpcClient rpc =
        new RpcClient(
            transport(stubs.baseUrl(), null),
            28,
            Duration.ofMillis(400),
            Duration.ZERO,
            new Metrics());

    long start = System.nanoTime();
    RpcException e =
        catchRpc(
            () ->
                rpc.command(
                    SID, CommandMessage.newBuilder().setCommand("subscribe").build(), () -> false));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(400).isLessThan(1800);
    assertThat(stubs.count("command")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- circuit breaker

  @Test
  void opensTheCircuitAfterTenNetworkFailuresAndThenFailsWithoutSendingRequests() {
    stubs.stub("connect", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    HttpTransport transport = transport(stubs.baseUrl(), null);
    for (int i = 0; i < 10; i++) {
      assertThat(catchRpc(() -> callOnce(transport)).code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    int reached = stubs.wireMock().getAllServeEvents().size();
    assertThat(reached).isGreaterThanOrEqualTo(10);
    assertThat(transport.unavailable()).isTrue();

    for (int i = 0; i < 5; i++) {
      RpcException e = catchRpc(() -> callOnce(transport));
      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getMessage()).isEqualTo("UNAVAILABLE: HTTP RPC circuit breaker is open");
    }
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(reached);
  }

  @Test
  void rpcClientFailsFastWithoutRetryingWhileTheCircuitIsOpen() {
    stubs.stub("connect", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    HttpTransport transport = transport(stubs.baseUrl(), null);
    for (int i = 0; i < 10; i++) {
      catchRpc(() -> callOnce(transport));
    }
    int reached = stubs.wireMock().getAllServeEvents().size();
    Metrics metrics = new Metrics();
    RpcClient rpc = new RpcClient(transport, 28, Duration.ofSeconds(3), Duration.ZERO, metrics);

    RpcException e = catchRpc(() -> rpc.connect(SID, ConnectionRequest.getDefaultInstance()));

    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(metrics.value("rpc_retries_total")).isZero();
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(reached);
  }

  @Test
  void httpErrorResponsesDoNotOpenTheCircuitAsTheyProveTheAppIsReachable() throws Exception {
    stubs.stub("connect", aResponse().withStatus(500));
    HttpTransport transport = transport(stubs.baseUrl(), null);
    for (int i = 0; i < 12; i++) {
      assertThat(catchRpc(() -> callOnce(transport)).code()).isEqualTo(Status.Code.UNKNOWN);
    }
    stubs.wireMock().resetMappings();
    stubAllSucceed();

    callOnce(transport);

    assertThat(transport.unavailable()).isFalse();
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(13);
  }

  @Test
  void keepsTheCircuitClosedAfterNineFailures() throws Exception {
    stubs.stub("connect", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    HttpTransport transport = transport(stubs.baseUrl(), null);
    for (int i = 0; i < 9; i++) {
      catchRpc(() -> callOnce(transport));
    }
    int before = stubs.wireMock().getAllServeEvents().size();
    stubAllSucceed();

    callOnce(transport);

    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(before + 1);
  }

  @Test
  void keepsTheCircuitClosedWhenFewerThanEightyPercentFail() throws Exception {
    HttpTransport transport = transport(stubs.baseUrl(), null);
    stubAllSucceed();
    for (int i = 0; i < 3; i++) {
      callOnce(transport);
    }
    stubs.wireMock().resetMappings();
    stubs.stub("connect", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    for (int i = 0; i < 7; i++) {
      catchRpc(() -> callOnce(transport));
    }
    int before = stubs.wireMock().getAllServeEvents().size();
    stubs.wireMock().resetMappings();
    stubAllSucceed();

    callOnce(transport);

    assertThat(transport.unavailable()).isFalse();
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(before + 1);
  }

  @Test
  void circuitBreakerTripsAtExactlyEightFailuresOutOfTen() {
    CircuitBreaker eight = new CircuitBreaker();
    record(eight, 2, true);
    record(eight, 8, false);
    CircuitBreaker seven = new CircuitBreaker();
    record(seven, 3, true);
    record(seven, 7, false);

    assertThat(eight.open()).isTrue();
    assertThat(eight.allow()).isFalse();
    assertThat(seven.open()).isFalse();
    assertThat(seven.allow()).isTrue();
  }

  @Test
  void closesTheCircuitAgainWhenAProbeSucceedsAfterTheFiveSecondOpenPeriod() throws Exception {
    stubs.stub("connect", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    HttpTransport transport = transport(stubs.baseUrl(), null);
    for (int i = 0; i < 10; i++) {
      catchRpc(() -> callOnce(transport));
    }
    long tripped = System.nanoTime();
    assertThat(transport.unavailable()).isTrue();
    stubs.wireMock().resetMappings();
    stubAllSucceed();
    int before = stubs.wireMock().getAllServeEvents().size();

    // No event marks the end of the open period: poll, calling through the breaker, for up to 7 s.
    ConnectionResponse response = null;
    long deadline = tripped + TimeUnit.SECONDS.toNanos(7);
    while (response == null && System.nanoTime() < deadline) {
      try {
        response = (ConnectionResponse) callOnce(transport);
      } catch (RpcException e) {
        assertThat(e.getMessage()).isEqualTo("UNAVAILABLE: HTTP RPC circuit breaker is open");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tripped);

    assertThat(response).as("a call succeeded within 7 s of tripping").isNotNull();
    assertThat(openMs).isGreaterThanOrEqualTo(4500);
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(before + 1);
    assertThat(transport.unavailable()).isFalse();
    for (int i = 0; i < 6; i++) {
      callOnce(transport);
    }
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(before + 7);
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void limitsInFlightCallsToTheConfiguredConcurrency() throws Exception {
    long delayMs = 300;
    stubs.stub("command", okJson("{\"status\":1}").withFixedDelay((int) delayMs));
    RpcClient rpc =
        new RpcClient(
            transport(stubs.baseUrl(), null),
            2,
            Duration.ofSeconds(3),
            Duration.ZERO,
            new Metrics());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    closeables.add(pool::shutdownNow);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<CommandResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String sid = "sid-" + i;
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  return rpc.command(
                      sid, CommandMessage.newBuilder().setCommand("message").build(), () -> false);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              },
              pool));
    }

    long start = System.nanoTime();
    go.countDown();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(calls)
        .allSatisfy(
            c -> assertThat(c.join().getStatus()).isEqualTo(io.cablekit.rpc.Status.SUCCESS));
    List<Long> arrivals =
        stubs.requests().stream().map(RecordedRequest::receivedNanos).sorted().toList();
    assertThat(arrivals).hasSize(6);
    // A request occupies WireMock from its arrival for at least delayMs, so a third request can
    // only arrive once one of two earlier ones has been answered.
    assertThat(maxOverlapping(arrivals, TimeUnit.MILLISECONDS.toNanos(delayMs)))
        .isLessThanOrEqualTo(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(5) - arrivals.get(0)))
        .isGreaterThanOrEqualTo(2 * delayMs);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(3 * delayMs);
  }

  // ---------------------------------------------------------------- helpers

  private void assertHttpStatusMapsTo(int httpStatus, Status.Code expected) {
    stubs.stub("command", aResponse().withStatus(httpStatus).withBody("{\"status\":1}"));
    RpcClient rpc = client(transport(stubs.baseUrl(), null));

    RpcException e =
        catchRpc(
            () ->
                rpc.command(
                    SID, CommandMessage.newBuilder().setCommand("subscribe").build(), () -> false));

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).isEqualTo(expected + ": HTTP RPC returned " + httpStatus);
    assertThat(stubs.wireMock().getAllServeEvents()).hasSize(1);
  }

  private void stubAllSucceed() {
    stubs.stub("connect", okJson("{\"status\":1,\"identifiers\":\"{}\"}"));
    stubs.stub("command", okJson("{\"status\":1}"));
    stubs.stub("disconnect", okJson("{\"status\":1}"));
  }

  private static com.google.protobuf.Message callOnce(HttpTransport transport) throws RpcException {
    return transport.call(
        RpcMethod.CONNECT, ConnectionRequest.getDefaultInstance(), SID, Duration.ofSeconds(2));
  }

  private static void record(CircuitBreaker breaker, int times, boolean success) {
    for (int i = 0; i < times; i++) {
      if (success) {
        breaker.success();
      } else {
        breaker.failure();
      }
    }
  }

  private static int maxOverlapping(List<Long> sortedStarts, long durationNanos) {
    int max = 0;
    for (long t : sortedStarts) {
      int n = 0;
      for (long s : sortedStarts) {
        if (s <= t && t < s + durationNanos) {
          n++;
        }
      }
      max = Math.max(max, n);
    }
    return max;
  }

  private HttpTransport transport(String baseUrl, String secret) {
    HttpTransport t = new HttpTransport(baseUrl, secret, Duration.ZERO);
    closeables.add(t);
    return t;
  }

  private RpcClient client(RpcTransport transport) {
    return new RpcClient(transport, 28, Duration.ofSeconds(3), Duration.ZERO, new Metrics());
  }

  private interface RpcCall {
    Object run() throws RpcException;
  }

  private static RpcException catchRpc(RpcCall call) {
    RpcException e =
        catchThrowableOfType(
            RpcException.class,
            () -> {
              call.run();
            });
    assertThat(e).as("expected an RpcException").isNotNull();
    return e;
  }

  /** Delegates to a real transport, recording when each attempt starts. */
  private static final class AttemptRecorder implements RpcTransport {
    final List<Long> attempts = new CopyOnWriteArrayList<>();
    private final RpcTransport delegate;

    AttemptRecorder(RpcTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public com.google.protobuf.Message call(
        RpcMethod method, com.google.protobuf.Message request, String sid, Duration timeout)
        throws RpcException {
      attempts.add(System.nanoTime());
      return delegate.call(method, request, sid, timeout);
    }

    @Override
    public boolean unavailable() {
      return delegate.unavailable();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
