package io.cablekit.mock.internal.transport;

import com.google.protobuf.Message;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.internal.dispatch.Answer;
import io.cablekit.mock.internal.dispatch.Dispatcher;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.RPCGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** {@code anycable.RPC} over gRPC: decodes each request, dispatches it, sends the answer. */
public final class GrpcService extends RPCGrpc.RPCImplBase {
  private static final Metadata.Key<String> SID = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CTX_SID = Context.key("cablekit-sid");

  private final Dispatcher dispatcher;

  public GrpcService(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** Copies the {@code sid} metadata into the call context. */
  public static ServerInterceptor sidInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String sid = headers.get(SID);
        Context ctx = Context.current().withValue(CTX_SID, sid == null ? "" : sid);
        return Contexts.interceptCall(ctx, call, headers, next);
      }
    };
  }

  private static String sid() {
    String sid = CTX_SID.get();
    return sid == null ? "" : sid;
  }

  @Override
  public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> out) {
    send(dispatcher.handle(RpcCall.connect(request, sid())), out);
  }

  @Override
  public void command(CommandMessage request, StreamObserver<CommandResponse> out) {
    send(dispatcher.handle(RpcCall.command(request, sid())), out);
  }

  @Override
  public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> out) {
    send(dispatcher.handle(RpcCall.disconnect(request, sid())), out);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> void send(Answer answer, StreamObserver<T> out) {
    switch (answer) {
      case Answer.Response r -> {
        out.onNext((T) r.message());
        out.onCompleted();
      }
      case Answer.Fault f -> out.onError(Status.fromCode(f.code()).withDescription(f.message()).asRuntimeException());
    }
  }
}
