package io.cablekit.server.internal.rpc;

import com.google.protobuf.Message;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.RPCGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** gRPC transport built on grpc-java's reference client (PROTOCOL.md 1.2 to 1.4). */
public final class GrpcTransport implements RpcTransport {
  static final Metadata.Key<String> SID = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> PROTOV =
      Metadata.Key.of("protov", Metadata.ASCII_STRING_MARSHALLER);

  private final String target;
  private final ManagedChannel channel;
  private final RPCGrpc.RPCBlockingStub stub;

  /**
   * Creates a channel to {@code target} ({@code host:port}, {@code dns:///host:port}, or any
   * grpc-java target). Keepalive pings go every 10 s, as anycable-go's, which is the most often the
   * reference Ruby server accepts (PROTOCOL.md 1.4).
   */
  public GrpcTransport(String target) {
    this.target = target;
    this.channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .keepAliveTime(10, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .defaultLoadBalancingPolicy("round_robin")
            .maxInboundMessageSize(64 << 20)
            .build();
    this.stub = RPCGrpc.newBlockingStub(channel);
    channel.getState(true);
  }

  @Override
  public Message call(RpcMethod method, Message request, String sid, Duration timeout)
      throws RpcException {
    Metadata metadata = new Metadata();
    if (sid != null && !sid.isEmpty()) {
      metadata.put(SID, sid);
    }
    metadata.put(PROTOV, "v1");
    RPCGrpc.RPCBlockingStub call =
        stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .withDeadlineAfter(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    try {
      return switch (method) {
        case CONNECT -> call.connect((ConnectionRequest) request);
        case COMMAND -> call.command((CommandMessage) request);
        case DISCONNECT -> call.disconnect((DisconnectRequest) request);
      };
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      throw new RpcException(
          e.getStatus().getCode(), description == null ? "no description" : description, e);
    }
  }

  @Override
  public boolean unavailable() {
    return channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE;
  }

  @Override
  public boolean recover(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    channel.resetConnectBackoff();
    ConnectivityState state = channel.getState(true);
    boolean tried = false;
    while (state != ConnectivityState.READY) {
      if (state == ConnectivityState.TRANSIENT_FAILURE && tried) {
        return false;
      }
      if (state == ConnectivityState.CONNECTING) {
        tried = true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      try {
        if (!changed.await(left, TimeUnit.NANOSECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      state = channel.getState(true);
      if (state == ConnectivityState.IDLE) {
        tried = true;
      }
    }
    return true;
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
