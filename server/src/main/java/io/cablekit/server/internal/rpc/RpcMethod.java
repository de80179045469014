package io.cablekit.server.internal.rpc;

import com.google.protobuf.Message;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;

/** The three unary methods of {@code anycable.RPC} (PROTOCOL.md 1.2). */
public enum RpcMethod {
  CONNECT("Connect", "connect", ConnectionRequest.class, ConnectionResponse.getDefaultInstance()),
  COMMAND("Command", "command", CommandMessage.class, CommandResponse.getDefaultInstance()),
  DISCONNECT(
      "Disconnect", "disconnect", DisconnectRequest.class, DisconnectResponse.getDefaultInstance());

  private final String grpcName;
  private final String httpPath;
  private final Class<? extends Message> requestType;
  private final Message responsePrototype;

  RpcMethod(
      String grpcName, String httpPath, Class<? extends Message> requestType, Message prototype) {
    this.grpcName = grpcName;
    this.httpPath = httpPath;
    this.requestType = requestType;
    this.responsePrototype = prototype;
  }

  /** Method name in {@code /anycable.RPC/<name>}. */
  public String grpcName() {
    return grpcName;
  }

  /** Last path segment of the HTTP RPC endpoint. */
  public String httpPath() {
    return httpPath;
  }

  public Class<? extends Message> requestType() {
    return requestType;
  }

  /** The default instance of the response type, for parsing. */
  public Message responsePrototype() {
    return responsePrototype;
  }
}
