package io.cablekit.mock.internal.dispatch;

import com.google.protobuf.Message;
import io.grpc.Status;

/** What a transport sends back: an RPC response, or an error status instead of one. */
public sealed interface Answer {
  record Response(Message message) implements Answer {}

  record Fault(Status.Code code, String message) implements Answer {}
}
