package io.cablekit.mock;

import com.google.protobuf.Message;
import io.cablekit.mock.internal.record.RecordingGrpcService;
import io.cablekit.mock.internal.record.RecordingHttpEndpoint;
import io.cablekit.mock.internal.record.RecordingProxy;
import io.cablekit.mock.internal.record.StubMapper;
import io.cablekit.mock.internal.record.Upstream;
import io.cablekit.server.Broadcast;
import io.cablekit.server.internal.http.TcpOptions;
import io.grpc.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Record mode of the mock: a proxy in front of a real AnyCable RPC server that passes every call
 * through unchanged and turns what it saw into stubs, which {@link StubFiles#write} and {@link
 * #writeTo} save and a {@link MockRpc} replays.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.start("127.0.0.1:50051")) {          // or "http://app:3000/_anycable"
 *   // point the WebSocket server's --rpc_host at recorder.target() (gRPC) or recorder.httpUrl(),
 *   // and the application's broadcasts at recorder.broadcastUrl()
 *   recorder.broadcaster(cableServer::broadcast);
 *   // ... drive a client session ...
 *   recorder.writeTo(Path.of("src/test/resources/stubs"), StubFiles.Format.YAML);
 * }
 * }</pre>
 *
 * <h2>Passing through</h2>
 *
 * The recorder serves gRPC and HTTP RPC on one port, like {@link MockRpc}, and forwards each call
 * to the target ({@code host:port}: gRPC; {@code http(s)://...}: HTTP RPC) with the same {@code
 * sid} and {@code protov} metadata (gRPC metadata or {@code X-Anycable-Meta-*} headers). The HTTP
 * RPC {@code Authorization} header is the Bearer {@code upstreamSecret} when one is given, else
 * the caller's header as it came. The real response goes back unchanged (from an HTTP RPC target:
 * the same status and body bytes; a gRPC error keeps its code and description). Calls the real
 * server did not answer (unreachable, deadline, cancelled) are passed on but not recorded, and
 * listed in {@link #warnings()}.
 *
 * <p>A real application broadcasts out of band, not in its RPC replies. Point its HTTP
 * broadcasts at {@link #broadcastUrl()} (anycable-go's {@code POST /_broadcast} format): each
 * publication goes on to {@link #broadcaster} and is recorded with the RPC call being handled when
 * it arrived (the call of the session in {@code meta.exclude_socket}, else the latest call in
 * flight), so a perform that broadcasts replays as a stub that broadcasts.
 *
 * <h2>From exchanges to stubs</h2>
 *
 * <ul>
 *   <li>Match: {@code on} the kind; for commands the {@code channel}, the identifier's other keys
 *       as {@code params}, and for perform the {@code action} and the rest of the data as {@code
 *       data}, as partial JSON with exactly the values seen (a value holding the call's sid,
 *       which a replay does not share, becomes {@code {$any: true}}). Connect and Disconnect match
 *       on nothing else. Calls matched by one pattern form a group.
 *   <li>A group whose calls all got the same reply becomes one stub. Otherwise the calls are told
 *       apart when their features differ: for Connect, the URL path, query parameters, headers
 *       (values; for secret names only whether they are present) and which cookies are present;
 *       for commands and Disconnect, the connection identifiers' top-level keys (objects under
 *       {@code $eq}). Calls answered
 *       alike share a stub matching the fewest features that set them apart. Calls that cannot be
 *       told apart (the same request answered differently) become a {@code replies:} sequence in
 *       call order, its repeated tail cut (a sequence repeats its last reply).
 *   <li>A group whose partial pattern would also match another group's calls gets a lower priority
 *       than that group (priority 6, 7, ... against the default 5).
 *   <li>Connect: SUCCESS becomes {@code accept} with the identifiers (JSON when they are compact
 *       JSON, else the text) and {@code welcome: true} when the first frame is {@code
 *       {"type":"welcome","sid":<this sid>}}, so a replay welcomes with the new sid; FAILURE
 *       becomes {@code reject} with the reason of its leading disconnect frame; ERROR becomes
 *       {@code error}. Other frames stay verbatim ({@code transmissions}), cstate is kept, istate
 *       (ignored by servers) is dropped.
 *   <li>Commands: a trailing {@code confirm_subscription} of this identifier becomes {@code confirm}
 *       (otherwise {@code confirm: false} and the frame stays in place); FAILURE of a subscribe
 *       with its trailing {@code reject_subscription} becomes {@code reject} (FAILURE of an
 *       unsubscribe or perform, which servers apply like SUCCESS, becomes an ordinary reply);
 *       leading frames {@code {"identifier":<this id>,"message":X}} that the mock renders byte for
 *       byte become {@code transmit: X}; every other frame stays verbatim and in order ({@code
 *       transmissions}). {@code streams}, {@code stopped_streams}, {@code stop_streams}, istate,
 *       cstate and {@code disconnect} map to {@code stream_from}, {@code stop_stream}, {@code
 *       stop_all_streams}, {@code istate}, {@code cstate} and {@code disconnect}; recorded
 *       broadcasts to {@code broadcast} ({@code exclude_self} when the application excluded the
 *       caller's sid). ERROR becomes {@code error} with its {@code error_msg}.
 *   <li>Disconnect: SUCCESS {@code ok}, FAILURE {@code reject}, ERROR {@code error}.
 *   <li>A gRPC error (or an HTTP RPC error status, as the gRPC code anycable-go maps it to) becomes
 *       {@code status} with its description as {@code message}.
 *   <li>The sid of the recorded call, wherever it occurs in a rendered reply string (identifiers,
 *       frames, transmit payloads, streams, state, broadcasts), becomes {@code {{sid}}}.
 *   <li>What a stub cannot reproduce exactly (presence, broadcast meta, streams in a rejection,
 *       broadcasts during a Disconnect, a rejection frame other than the mock's) is dropped or
 *       approximated and explained in {@link #warnings()}.
 * </ul>
 *
 * <h2>Redaction</h2>
 *
 * Credentials never reach the stubs:
 *
 * <ul>
 *   <li>secret values are every cookie value; the values of the headers {@code authorization},
 *       {@code cookie}, {@code x-api-token} and of any header or URL query parameter whose name
 *       contains {@code token}, {@code secret}, {@code key}, {@code auth}, {@code session} or
 *       {@code password}; and, inside params, perform data and connection identifiers, the values
 *       of keys with one of those words (or {@code password}, {@code jwt}, {@code apiKey} ...) in
 *       their name ({@code access_token}, {@code apiKey}; not {@code author});
 *   <li>matches never hold them: such a header, query parameter or cookie is matched as {@code
 *       {$any: true}} (present) at most, and a params or data value under a secret key, or holding
 *       a secret, becomes {@code {$any: true}};
 *   <li>in replies, a secret the replayed call itself carries becomes the placeholder that renders
 *       it from that call ({@code {{cookies.session}}}, {@code {{headers.x-api-token}}}, {@code
 *       {{query.token}}}, {@code {{params.token}}}, ...), so the replay answers with the same bytes;
 *       any other secret becomes {@code "[REDACTED]"}. Error messages and gRPC descriptions, which
 *       the mock does not render, only get {@code [REDACTED]}. Secrets of 4 characters or more are
 *       replaced wherever they occur; shorter ones only where they are a whole string.
 * </ul>
 *
 * <p>{@link #exchanges()} keeps the raw calls in memory (unredacted); only stubs and files are
 * redacted. Thread-safe. Of the {@link MockRpcConfig}, the recorder uses the host, port, HTTP RPC
 * path and secret (required from HTTP RPC callers, and sent upstream when no other secret is
 * given).
 */
public final class Recorder implements AutoCloseable {
  /** Where the application's HTTP broadcasts go on the recorder's port. */
  public static final String BROADCAST_PATH = "/_broadcast";

  /**
   * One call passed through and what the real server answered.
   *
   * @param seq order of arrival, from 1
   * @param at when the call arrived
   * @param call the decoded call (unredacted)
   * @param response the real response, or null when it answered with an error status
   * @param fault the gRPC code of that error status, or null
   * @param faultMessage its description, or null
   * @param broadcasts the broadcasts the application made while handling the call
   */
  public record Exchange(
      long seq, Instant at, RpcCall call, Message response, Status.Code fault, String faultMessage, List<Broadcast> broadcasts) {
    public Exchange {
      Objects.requireNonNull(call, "call");
      if ((response == null) == (fault == null)) {
        throw new IllegalArgumentException("an exchange has either a response or a fault");
      }
      broadcasts = List.copyOf(broadcasts);
    }

    /** A call answered with a response. */
    public static Exchange of(long seq, RpcCall call, Message response, List<Broadcast> broadcasts) {
      return new Exchange(seq, Instant.EPOCH, call, response, null, null, broadcasts);
    }

    /** A call answered with a gRPC error status. */
    public static Exchange failed(long seq, RpcCall call, Status.Code code, String message) {
      return new Exchange(seq, Instant.EPOCH, call, null, code, message, List.of());
    }

    public Kind kind() {
      return call.kind();
    }
  }

  private final MockRpcConfig config;
  private final RecordingProxy proxy;
  private final WebServer web;
  private final String idPrefix;

  private Recorder(String target, String upstreamSecret, MockRpcConfig config) {
    this.config = config;
    String secret = upstreamSecret != null ? upstreamSecret : config.httpSecret();
    this.proxy = new RecordingProxy(Upstream.of(target), secret, Clock.systemUTC());
    this.idPrefix = "rec-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    HttpRouting.Builder routing = HttpRouting.builder();
    new RecordingHttpEndpoint(proxy, config.httpSecret()).register(routing, config.httpPath(), BROADCAST_PATH);
    this.web =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .shutdownHook(false)
            .connectionOptions(TcpOptions::noDelay)
            .addRouting(
                GrpcRouting.builder()
                    .intercept(RecordingGrpcService.metadataInterceptor())
                    .service(new RecordingGrpcService(proxy)))
            .routing(routing)
            .build();
  }

  /** Starts a recorder for {@code targetRpcHost} on a free loopback port. */
  public static Recorder start(String targetRpcHost) {
    return start(targetRpcHost, null, MockRpcConfig.builder().build());
  }

  /**
   * Starts a recorder for {@code targetRpcHost} ({@code host:port} for gRPC, or an HTTP RPC base
   * URL such as {@code http://127.0.0.1:3000/_anycable}) listening as {@code config} says.
   */
  public static Recorder start(String targetRpcHost, MockRpcConfig config) {
    return start(targetRpcHost, null, config);
  }

  /**
   * Starts a recorder that sends {@code Authorization: Bearer <upstreamSecret>} to an HTTP RPC
   * target (null: the config's HTTP secret if any, else the caller's header as it came).
   */
  public static Recorder start(String targetRpcHost, String upstreamSecret, MockRpcConfig config) {
    Objects.requireNonNull(targetRpcHost, "targetRpcHost");
    Recorder recorder = new Recorder(targetRpcHost, upstreamSecret, config);
    try {
      recorder.web.start();
    } catch (RuntimeException e) {
      recorder.proxy.close();
      throw e;
    }
    return recorder;
  }

  public MockRpcConfig config() {
    return config;
  }

  /** The real server calls go to, e.g. {@code grpc://127.0.0.1:50051}. */
  public String upstream() {
    return proxy.upstream();
  }

  /** The port serving gRPC, HTTP RPC and broadcasts. */
  public int port() {
    return web.port();
  }

  /** The gRPC target for {@code --rpc_host}: {@code host:port}. */
  public String target() {
    return config.dialHost() + ":" + port();
  }

  /** The HTTP RPC base URL for {@code --rpc_host}. */
  public String httpUrl() {
    return "http://" + config.dialHost() + ":" + port() + config.httpPath();
  }

  /** Where the application sends HTTP broadcasts while recording. */
  public String broadcastUrl() {
    return "http://" + config.dialHost() + ":" + port() + BROADCAST_PATH;
  }


  /**
   * Where broadcasts posted to {@link #broadcastUrl()} go on to: {@code CableServer::broadcast} in
   * process, or an HTTP broadcast client. Without one they are only recorded.
   */
  public void broadcaster(Consumer<Broadcast> broadcaster) {
    proxy.broadcaster(broadcaster);
  }

  /** Every recorded exchange, in order of arrival (raw: not redacted). */
  public List<Exchange> exchanges() {
    return proxy.exchanges();
  }

  /**
   * Waits until at least {@code count} exchanges of {@code kind} are recorded (a Disconnect comes
   * after the socket closed) and returns them; fails after {@code timeout}.
   */
  public List<Exchange> awaitExchanges(Kind kind, int count, Duration timeout) {
    try {
      List<Exchange> found = proxy.await(e -> e.kind() == kind, count, timeout);
      if (found == null) {
        throw new VerificationException(
            "Expecting " + count + " recorded " + kind.label() + " call(s) within " + timeout.toMillis()
                + " ms, but got " + exchanges().stream().filter(e -> e.kind() == kind).count());
      }
      return found;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("interrupted while waiting for recorded calls");
    }
  }

  /** What was recorded so far, as redacted stubs. */
  public List<Stub> stubs() {
    return withIds(StubMapper.map(proxy.exchanges()).stubs());
  }

  /** What the stubs cannot reproduce exactly, and calls or broadcasts that were not recorded. */
  public List<String> warnings() {
    List<String> out = new java.util.ArrayList<>(proxy.warnings());
    out.addAll(StubMapper.map(proxy.exchanges()).warnings());
    return out;
  }

  private List<Stub> withIds(List<Stub> stubs) {
    List<Stub> out = new java.util.ArrayList<>(stubs.size());
    for (int i = 0; i < stubs.size(); i++) {
      Stub s = stubs.get(i);
      out.add(new Stub(idPrefix + "-" + (i + 1), s.name(), s.priority(), s.pattern(), s.replies(),
          s.scenario(), s.requiredState(), s.newState(), s.source()));
    }
    return out;
  }

  /** The recorded stubs as a stub file document. */
  public String write(StubFiles.Format format) {
    return StubFiles.write(stubs(), format);
  }

  /**
   * Writes the recorded stubs to {@code dir/recorded.yml} (or {@code .json}), creating {@code dir},
   * replacing an earlier file of that name; returns the file.
   */
  public Path writeTo(Path dir, StubFiles.Format format) {
    Path file = dir.resolve(format == StubFiles.Format.YAML ? "recorded.yml" : "recorded.json");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, write(format), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Forgets what was recorded (keeps passing calls through). */
  public void clear() {
    proxy.clear();
  }

  /** Stops the server and the connection to the real one. Idempotent. */
  @Override
  public void close() {
    if (web.isRunning()) {
      web.stop();
    }
    proxy.close();
  }
}
