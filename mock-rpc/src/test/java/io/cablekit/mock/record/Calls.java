package io.cablekit.mock.record;

import com.google.protobuf.Message;
import io.cablekit.mock.Mode;
import io.cablekit.mock.Recorder;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.Stub;
import io.cablekit.mock.StubFiles;
import io.cablekit.mock.internal.dispatch.Answer;
import io.cablekit.mock.internal.dispatch.Dispatcher;
import io.cablekit.mock.internal.journal.Journal;
import io.cablekit.mock.internal.stubs.StubRegistry;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.Env;
import io.cablekit.server.Broadcast;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds recorded calls for mapping tests, and replays stubs through the mock's own dispatcher. */
public final class Calls {
  public static final String URL = "http://localhost:8080/cable";

  private final List<Recorder.Exchange> exchanges = new ArrayList<>();
  private Map<String, String> headers = Map.of();
  private String url = URL;
  private String identifiers = "";

  /** Headers of the following calls ({@code cookie} is what AnyCable forwards by default). */
  public Calls headers(Map<String, String> value) {
    headers = value;
    return this;
  }

  public Calls url(String value) {
    url = value;
    return this;
  }

  /** Connection identifiers of the following commands and disconnects. */
  public Calls identifiers(String value) {
    identifiers = value;
    return this;
  }

  private Env env(Map<String, String> istate) {
    return Env.newBuilder().setUrl(url).putAllHeaders(headers).putAllIstate(istate).build();
  }

  public RpcCall connect(String sid) {
    return RpcCall.connect(ConnectionRequest.newBuilder().setEnv(env(Map.of())).build(), sid);
  }

  public RpcCall command(String sid, String command, String identifier, String data) {
    CommandMessage.Builder m = CommandMessage.newBuilder()
        .setCommand(command).setIdentifier(identifier).setConnectionIdentifiers(identifiers).setEnv(env(Map.of()));
    if (data != null) {
      m.setData(data);
    }
    return RpcCall.command(m.build(), sid);
  }

  public RpcCall disconnect(String sid, List<String> subscriptions) {
    return RpcCall.disconnect(
        DisconnectRequest.newBuilder().setIdentifiers(identifiers).addAllSubscriptions(subscriptions).setEnv(env(Map.of())).build(), sid);
  }

  /** Records a call with its response. */
  public Calls add(RpcCall call, Message response, Broadcast... broadcasts) {
    exchanges.add(Recorder.Exchange.of(exchanges.size() + 1, call, response, List.of(broadcasts)));
    return this;
  }

  /** Records a call answered with a gRPC error. */
  public Calls fail(RpcCall call, io.grpc.Status.Code code, String message) {
    exchanges.add(Recorder.Exchange.failed(exchanges.size() + 1, call, code, message));
    return this;
  }

  public List<Recorder.Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /**
   * Writes {@code stubs} as YAML, reads the file back, and answers every recorded call in order
   * with the mock's dispatcher (strict mode): what a replay would send.
   */
  public static List<Answer> replay(List<Stub> stubs, List<Recorder.Exchange> exchanges, List<String> sids) throws Exception {
    List<Stub> loaded = StubFiles.parse(StubFiles.write(stubs, StubFiles.Format.YAML), "recorded.yml");
    StubRegistry registry = new StubRegistry();
    registry.replaceAll(loaded);
    Dispatcher dispatcher = new Dispatcher(registry, new Journal(0), Mode.STRICT, Clock.systemUTC());
    List<Broadcast> broadcasts = new ArrayList<>();
    dispatcher.broadcaster(broadcasts::add);
    List<Answer> out = new ArrayList<>();
    for (int i = 0; i < exchanges.size(); i++) {
      RpcCall c = exchanges.get(i).call();
      String sid = sids == null ? c.sid() : sids.get(i);
      out.add(dispatcher.handle(new RpcCall(c.kind(), sid, c.url(), c.headers(), c.identifier(), c.data(),
          c.identifiers(), c.cstate(), c.istate(), c.subscriptions())));
    }
    return out;
  }

  public static String quote(String s) {
    return Json.quote(s);
  }
}
