package io.cablekit.server.internal.rpc;

import com.google.protobuf.Message;
import java.time.Duration;

/**
 * One way of reaching an AnyCable RPC server: gRPC or HTTP RPC. Implementations make exactly one
 * attempt per call; retries, deadlines and the concurrency limit live in {@link RpcClient}.
 */
public interface RpcTransport extends AutoCloseable {

  /**
   * Makes one call and blocks until its response.
   *
   * @param sid the session id sent as {@code sid} metadata (PROTOCOL.md 1.3)
   * @param timeout how long this attempt may take
   * @throws RpcException when no response arrived, with the gRPC code of the failure
   */
  Message call(RpcMethod method, Message request, String sid, Duration timeout)
      throws RpcException;

  /** Whether the transport is known to be unable to connect right now (gRPC TRANSIENT_FAILURE). */
  default boolean unavailable() {
    return false;
  }

  /**
   * Tries to make an unavailable transport usable again at once (gRPC: reconnect without waiting
   * for the backoff) and waits up to {@code max} for it. Returns whether it is usable.
   */
  default boolean recover(Duration max) {
    return !unavailable();
  }

  /** A short description for logs, such as {@code grpc://localhost:50051}. */
  String describe();

  @Override
  void close();
}
