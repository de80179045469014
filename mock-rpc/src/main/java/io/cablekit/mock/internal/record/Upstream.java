package io.cablekit.mock.internal.record;

import com.google.protobuf.Message;
import io.cablekit.server.internal.rpc.RpcMethod;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;

/** The real RPC server a recorder forwards to: gRPC ({@code host:port}) or HTTP RPC (a URL). */
public interface Upstream extends AutoCloseable {

  /** What the real server answered, or why nothing came back. */
  sealed interface Result {}

  /**
   * A response.
   *
   * @param body the HTTP RPC body exactly as received (sent on unchanged to HTTP callers), or null
   */
  record Response(Message message, String body) implements Result {}

  /**
   * No response.
   *
   * @param code the gRPC code (for HTTP RPC, the one anycable-go maps the HTTP status to)
   * @param httpStatus the HTTP status received, or 0
   * @param body the HTTP body received, or null
   * @param fromServer whether the real server gave this answer (recorded) rather than the network
   *     or a deadline (only passed on)
   */
  record Fault(Status.Code code, String message, int httpStatus, String body, boolean fromServer) implements Result {}

  /**
   * Makes one call.
   *
   * @param meta the call's metadata ({@code sid}, {@code protov}) as received
   * @param authorization the {@code Authorization} header to send (HTTP RPC), or null
   */
  Result call(RpcMethod method, Message request, Map<String, String> meta, String authorization, Duration timeout);

  /** Where it goes, e.g. {@code grpc://127.0.0.1:50051} or the HTTP RPC base URL. */
  String describe();

  @Override
  void close();

  /** A gRPC upstream for {@code host:port} (or any grpc-java target), HTTP RPC for an {@code http(s)://} URL. */
  static Upstream of(String target) {
    String t = target.strip();
    if (t.startsWith("http://") || t.startsWith("https://")) {
      return new HttpUpstream(t);
    }
    return new GrpcUpstream(t);
  }
}
