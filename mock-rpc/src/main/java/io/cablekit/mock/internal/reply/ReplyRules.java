package io.cablekit.mock.internal.reply;

import io.cablekit.mock.Kind;
import io.cablekit.mock.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * Which replies AnyCable accepts for which calls. A stub whose reply breaks a rule is refused when
 * it is declared, with every reason, so a test never relies on a reply no real RPC server sends.
 */
public final class ReplyRules {
  private ReplyRules() {}

  /**
   * Throws {@link IllegalArgumentException} listing every problem of {@code reply} as an answer
   * to calls of {@code kind} (null: a pattern matching any kind; only kind-independent rules).
   */
  public static void check(Kind kind, Reply reply) {
    List<String> problems = problems(kind, reply);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid reply" + (kind == null ? "" : " to " + kind.label()) + ": " + String.join("; ", problems));
    }
  }

  /** Returns every problem of {@code reply} for {@code kind}; empty when it is valid. */
  public static List<String> problems(Kind kind, Reply reply) {
    List<String> out = new ArrayList<>();
    if (reply.computed() != null) {
      return out;
    }
    boolean anythingElse = hasEffects(reply) || reply.identifiers() != null;
    if (reply.fault() != null) {
      if (anythingElse) {
        out.add("a gRPC status replaces the whole reply, so it cannot also stream, transmit, change state or broadcast");
      }
      return out;
    }
    if (reply.outcome() == Reply.Outcome.ERROR && anythingElse) {
      out.add("an ERROR reply carries only error_msg: the server applies nothing else from it (PROTOCOL.md 2.3)");
    }
    if (reply.stopsAllStreams() && !reply.stoppedStreams().isEmpty()) {
      out.add("stop_stream " + reply.stoppedStreams() + " is ignored when stop_all_streams is set (PROTOCOL.md 2.4)");
    }
    for (String key : reply.istate().keySet()) {
      if (key.isEmpty()) {
        out.add("istate keys must not be empty");
      }
    }
    if (kind == null) {
      return out;
    }
    switch (kind) {
      case CONNECT -> connect(reply, out);
      case SUBSCRIBE -> subscribe(reply, out);
      case UNSUBSCRIBE -> unsubscribe(reply, out);
      case PERFORM -> perform(reply, out);
      case DISCONNECT -> disconnect(reply, out);
    }
    return out;
  }

  private static boolean hasEffects(Reply r) {
    return !r.streams().isEmpty() || !r.stoppedStreams().isEmpty() || r.stopsAllStreams()
        || !r.transmits().isEmpty() || !r.rawTransmissions().isEmpty() || !r.istate().isEmpty()
        || !r.cstate().isEmpty() || r.disconnects() || !r.broadcasts().isEmpty();
  }

  private static void connect(Reply r, List<String> out) {
    notSubscribe(r, out);
    if (!r.streams().isEmpty() || !r.stoppedStreams().isEmpty() || r.stopsAllStreams()) {
      out.add("a Connect reply cannot start or stop streams: streams belong to subscriptions");
    }
    if (!r.transmits().isEmpty()) {
      out.add("transmit needs a subscription; a Connect reply can only send raw transmissions");
    }
    if (!r.istate().isEmpty()) {
      out.add("istate in a Connect reply is ignored by the server (PROTOCOL.md 2.2)");
    }
    if (r.disconnects()) {
      out.add("disconnect has no meaning in a Connect reply: reject() closes the connection");
    }
    if (r.outcome() == Reply.Outcome.REJECT && r.identifiers() != null) {
      out.add("a rejected connection has no identifiers");
    }
  }

  private static void notConnect(Reply r, List<String> out) {
    if (!r.welcome()) {
      out.add("withoutWelcome applies to Connect replies only");
    }
  }

  private static void notSubscribe(Reply r, List<String> out) {
    if (!r.confirmation()) {
      out.add("withoutConfirmation applies to subscribe replies only");
    }
  }

  private static void subscribe(Reply r, List<String> out) {
    notConnect(r, out);
    if (r.identifiers() != null) {
      out.add("identifiers are set by Connect only");
    }
    if (r.outcome() == Reply.Outcome.REJECT) {
      if (!r.streams().isEmpty()) {
        out.add("a rejected subscription cannot stream from " + r.streams()
            + ": the server would still attach those streams (PROTOCOL.md 2.3)");
      }
      if (!r.istate().isEmpty()) {
        out.add("istate of a rejected subscription belongs to no subscription");
      }
    }
  }

  private static void unsubscribe(Reply r, List<String> out) {
    notConnect(r, out);
    notSubscribe(r, out);
    if (r.identifiers() != null) {
      out.add("identifiers are set by Connect only");
    }
    if (r.outcome() == Reply.Outcome.REJECT) {
      out.add("an unsubscribe cannot be rejected; use error(...) to keep the subscription");
    }
    if (!r.streams().isEmpty()) {
      out.add("an unsubscribe stops every stream of the subscription, so stream_from " + r.streams()
          + " would be dropped at once (PROTOCOL.md 2.3)");
    }
  }

  private static void perform(Reply r, List<String> out) {
    notConnect(r, out);
    notSubscribe(r, out);
    if (r.identifiers() != null) {
      out.add("identifiers are set by Connect only");
    }
    if (r.outcome() == Reply.Outcome.REJECT) {
      out.add("a perform cannot be rejected; use error(...) or disconnect()");
    }
  }

  private static void disconnect(Reply r, List<String> out) {
    notConnect(r, out);
    notSubscribe(r, out);
    if (hasEffects(r) || r.identifiers() != null) {
      out.add("a Disconnect reply carries only its status: the connection is already gone");
    }
  }
}
