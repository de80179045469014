package io.cablekit.mock;

import io.grpc.Status;
import java.util.function.Function;

/**
 * Factories of {@link Reply}, to import statically:
 *
 * <pre>{@code
 * rpc.onConnect().reply(accept(Map.of("user_id", "42")));
 * rpc.onSubscribe("ChatChannel").reply(confirm().streamFrom("chat_{{params.room}}"));
 * rpc.onPerform("ChatChannel", "speak").reply(ok().broadcast("chat_{{params.room}}", data -> data));
 * }</pre>
 */
public final class Replies {
  private Replies() {}

  /** Connect: accept with identifiers {@code {}} and a welcome carrying the sid. */
  public static Reply accept() {
    return Reply.of(Reply.Outcome.OK);
  }

  /** Connect: accept with these identifiers (a map, record, JSON node or JSON text). */
  public static Reply accept(Object identifiers) {
    return accept().identifiers(identifiers);
  }

  /**
   * Rejects: for Connect, FAILURE with the {@code unauthorized} disconnect frame; for subscribe,
   * FAILURE with {@code reject_subscription} and {@code stop_streams}; for Disconnect, FAILURE.
   */
  public static Reply reject() {
    return Reply.of(Reply.Outcome.REJECT);
  }

  /** Subscribe: SUCCESS with the {@code confirm_subscription} frame added after any transmits. */
  public static Reply confirm() {
    return Reply.of(Reply.Outcome.OK);
  }

  /** SUCCESS with nothing else (perform, unsubscribe, disconnect). */
  public static Reply ok() {
    return Reply.of(Reply.Outcome.OK);
  }

  /** Status ERROR with this {@code error_msg}: the server sends nothing to the client. */
  public static Reply error(String message) {
    Reply r = Reply.of(Reply.Outcome.ERROR);
    return withMessage(r, message);
  }

  /** SUCCESS transmitting {@code payload} to the caller's subscription. */
  public static Reply transmit(Object payload) {
    return ok().transmit(payload);
  }

  /** SUCCESS broadcasting {@code data} to {@code stream}. */
  public static Reply broadcast(String stream, Object data) {
    return ok().broadcast(stream, data);
  }

  /** SUCCESS broadcasting a payload computed from the perform data. */
  public static Reply broadcast(String stream, Function<com.fasterxml.jackson.databind.JsonNode, Object> fromData) {
    return ok().broadcast(stream, fromData);
  }

  /** Answers with a gRPC error status (HTTP RPC: the matching HTTP error) instead of a reply. */
  public static Reply fail(Status.Code code, String message) {
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("fail: OK is not a failure");
    }
    return Reply.failing(code, message);
  }

  /** Computes the reply from the call when it arrives. */
  public static Reply computed(Function<RpcCall, Reply> fn) {
    return Reply.computing(fn);
  }

  private static Reply withMessage(Reply r, String message) {
    return r.withMessage(message);
  }
}
