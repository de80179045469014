package io.cablekit.mock;

import com.google.protobuf.Message;
import java.time.Instant;
import java.util.List;

/**
 * One call the mock received, with what it answered.
 *
 * @param seq position in the journal, from 1
 * @param at when it arrived
 * @param call the decoded call
 * @param stubId the stub that answered, or null when none matched
 * @param defaultReply how the mock answered when no stub matched ({@code permissive}, {@code
 *     strict}, {@code accept}), or null when a stub did
 * @param response the RPC response sent, or null when a fault (gRPC status) was returned
 * @param fault the gRPC status returned instead of a response, or null
 * @param broadcasts the streams broadcast to while handling the call
 * @param malformed fields that should have been JSON but were not ({@link RpcCall#malformed()})
 */
public record RecordedCall(
    long seq,
    Instant at,
    RpcCall call,
    String stubId,
    String defaultReply,
    Message response,
    String fault,
    List<String> broadcasts,
    List<String> malformed) {
  public RecordedCall {
    broadcasts = List.copyOf(broadcasts);
    malformed = List.copyOf(malformed);
  }

  /** Whether no stub matched (a strict-mode failure for subscribe and perform). */
  public boolean unmatched() {
    return stubId == null;
  }

  public Kind kind() {
    return call.kind();
  }
}
