package io.cablekit.mock.internal.record;

import com.google.protobuf.Message;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.RPCGrpc;
import io.cablekit.server.internal.rpc.RpcMethod;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Forwards calls over gRPC with the caller's metadata. */
final class GrpcUpstream implements Upstream {
  private final String target;
  private final ManagedChannel channel;
  private final RPCGrpc.RPCBlockingStub stub;

  GrpcUpstream(String target) {
    this.target = target;
    this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20).build();
    this.stub = RPCGrpc.newBlockingStub(channel);
  }

  @Override
  public Result call(RpcMethod method, Message request, Map<String, String> meta, String authorization, Duration timeout) {
    Metadata metadata = new Metadata();
    meta.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    RPCGrpc.RPCBlockingStub call =
        stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .withDeadlineAfter(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    try {
      Message response = switch (method) {
        case CONNECT -> call.connect((ConnectionRequest) request);
        case COMMAND -> call.command((CommandMessage) request);
        case DISCONNECT -> call.disconnect((DisconnectRequest) request);
      };
      return new Response(response, null);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      String description = e.getStatus().getDescription();
      // no answer from the application: the connection failed, the deadline passed, the call was cancelled
      boolean fromServer = code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED && code != Status.Code.CANCELLED;
      return new Fault(code, description == null ? "" : description, 0, null, fromServer);
    }
  }

  @Override
  public String describe() {
    return "grpc://" + target;
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
