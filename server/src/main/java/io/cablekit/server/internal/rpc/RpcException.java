package io.cablekit.server.internal.rpc;

import io.grpc.Status;

/**
 * An RPC call that produced no response: a transport failure, a non-OK gRPC status, a deadline,
 * or an HTTP RPC error mapped to the gRPC code anycable-go uses (PROTOCOL.md 1.5).
 */
public final class RpcException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;

  public RpcException(Status.Code code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public RpcException(Status.Code code, String message) {
    this(code, message, null);
  }

  /** The gRPC status code of the failure. */
  public Status.Code code() {
    return code;
  }

  /** Whether anycable-go retries this failure (PROTOCOL.md 2.8). */
  public boolean retryable() {
    return code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNAVAILABLE;
  }
}
