package io.cablekit.mock.internal.record;

import com.google.protobuf.Message;
import io.cablekit.mock.RpcCall;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.RPCGrpc;
import io.cablekit.server.internal.rpc.RpcMethod;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The recorder's gRPC front: each call goes upstream with its {@code sid} and {@code protov} metadata. */
public final class RecordingGrpcService extends RPCGrpc.RPCImplBase {
  /** The metadata forwarded as received. */
  static final String[] FORWARDED = {"sid", "protov"};
  private static final Context.Key<Map<String, String>> CTX_META = Context.key("cablekit-recorder-meta");

  private final RecordingProxy proxy;

  public RecordingGrpcService(RecordingProxy proxy) {
    this.proxy = proxy;
  }

  /** Copies the forwarded metadata into the call context. */
  public static ServerInterceptor metadataInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : FORWARDED) {
          String value = headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
          if (value != null) {
            meta.put(key, value);
          }
        }
        return Contexts.interceptCall(Context.current().withValue(CTX_META, Map.copyOf(meta)), call, headers, next);
      }
    };
  }

  private static Map<String, String> meta() {
    Map<String, String> meta = CTX_META.get();
    return meta == null ? Map.of() : meta;
  }

  private static Duration timeout() {
    Deadline deadline = Context.current().getDeadline();
    return deadline == null ? null : Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
  }

  @Override
  public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> out) {
    Map<String, String> meta = meta();
    send(proxy.forward(RpcMethod.CONNECT, request, RpcCall.connect(request, meta.get("sid")), meta, null, timeout()), out);
  }

  @Override
  public void command(CommandMessage request, StreamObserver<CommandResponse> out) {
    Map<String, String> meta = meta();
    send(proxy.forward(RpcMethod.COMMAND, request, RpcCall.command(request, meta.get("sid")), meta, null, timeout()), out);
  }

  @Override
  public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> out) {
    Map<String, String> meta = meta();
    send(proxy.forward(RpcMethod.DISCONNECT, request, RpcCall.disconnect(request, meta.get("sid")), meta, null, timeout()), out);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> void send(Upstream.Result result, StreamObserver<T> out) {
    switch (result) {
      case Upstream.Response r -> {
        out.onNext((T) r.message());
        out.onCompleted();
      }
      case Upstream.Fault f -> out.onError(Status.fromCode(f.code()).withDescription(f.message()).asRuntimeException());
    }
  }
}
