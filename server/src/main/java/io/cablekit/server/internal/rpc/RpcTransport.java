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

  /** Asks the transport to reconnect at once instead of waiting for its backoff. */
  default void resetBackoff() {}

  /** A short description for logs, such as {@code grpc://localhost:50051}. */
  String describe();

  @Override
  void close();
}
