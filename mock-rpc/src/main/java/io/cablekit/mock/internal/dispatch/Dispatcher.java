package io.cablekit.mock.internal.dispatch;

import com.google.protobuf.Message;
import io.cablekit.mock.Kind;
import io.cablekit.mock.Mode;
import io.cablekit.mock.RecordedCall;
import io.cablekit.mock.Reply;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.internal.journal.Journal;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.mock.internal.reply.ReplyRenderer;
import io.cablekit.mock.internal.reply.ReplyRules;
import io.cablekit.mock.internal.reports.NearMiss;
import io.cablekit.mock.internal.stubs.StubRegistry;
import io.cablekit.server.Broadcast;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The mock's core: picks the stub for a call (or the default answer), renders the reply, makes
 * its broadcasts, waits its delay, and journals everything. Transports only translate.
 */
public final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final StubRegistry stubs;
  private final Journal journal;
  private final Clock clock;
  private volatile Mode mode;
  private volatile Consumer<Broadcast> broadcaster;

  public Dispatcher(StubRegistry stubs, Journal journal, Mode mode, Clock clock) {
    this.stubs = stubs;
    this.journal = journal;
    this.mode = mode;
    this.clock = clock;
  }

  public void mode(Mode value) {
    this.mode = value;
  }

  public Mode mode() {
    return mode;
  }

  /** Where the mock's broadcasts go; without one they are only journaled. */
  public void broadcaster(Consumer<Broadcast> value) {
    this.broadcaster = value;
  }

  /** Publishes through the broadcaster; fails when there is none. */
  public void broadcast(Broadcast broadcast) {
    Consumer<Broadcast> out = broadcaster;
    if (out == null) {
      throw new IllegalStateException("the mock has no broadcaster to publish through; set one with MockRpc.broadcaster(...)");
    }
    out.accept(broadcast);
  }

  /** Answers one call. Blocks for the reply's delay. */
  public Answer handle(RpcCall call) {
    CallView view = new CallView(call);
    StubRegistry.Selection selection = stubs.select(view);
    String stubId = selection == null ? null : selection.stub().id();
    String defaultLabel = null;
    Reply reply;
    if (selection != null) {
      reply = selection.reply();
    } else {
      boolean chat = DefaultReplies.chat(mode, stubs.isEmpty());
      defaultLabel = DefaultReplies.label(call.kind(), chat);
      reply = DefaultReplies.reply(view, chat);
      if (defaultLabel.equals("strict")) {
        LOG.log(System.Logger.Level.WARNING, NearMiss.unmatched(call, stubs.all()));
      }
    }
    if (reply.computed() != null) {
      reply = compute(reply, call);
    }
    delay(reply);
    List<String> streams = new ArrayList<>();
    List<Broadcast> broadcasts = List.of();
    Answer answer;
    if (reply.fault() != null) {
      String message = reply.message() == null ? "" : io.cablekit.mock.internal.reply.Templates.render(reply.message(), view);
      answer = new Answer.Fault(reply.fault(), message);
    } else {
      broadcasts = ReplyRenderer.broadcasts(reply, view);
      broadcasts.forEach(b -> streams.add(b.stream()));
      answer = new Answer.Response(render(reply, view));
    }
    // journal first: whoever sees a broadcast can already verify the call that made it
    journal.add(
        new RecordedCall(
            journal.nextSeq(),
            clock.instant(),
            call,
            stubId,
            defaultLabel,
            answer instanceof Answer.Response r ? r.message() : null,
            answer instanceof Answer.Fault f ? f.code() + (f.message().isEmpty() ? "" : ": " + f.message()) : null,
            streams,
            call.malformed()));
    Consumer<Broadcast> out = broadcaster;
    if (out != null) {
      broadcasts.forEach(out);
    }
    return answer;
  }

  private static Reply compute(Reply reply, RpcCall call) {
    try {
      Reply computed = reply.computed().apply(call);
      List<String> problems = ReplyRules.problems(call.kind(), computed);
      if (!problems.isEmpty()) {
        return io.cablekit.mock.Replies.error("computed reply is invalid: " + String.join("; ", problems));
      }
      return computed;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "reply function failed for " + call.describe(), e);
      return io.cablekit.mock.Replies.error("reply function failed: " + e);
    }
  }

  private static Message render(Reply reply, CallView view) {
    Kind kind = view.call().kind();
    return switch (kind) {
      case CONNECT -> ReplyRenderer.connect(reply, view);
      case DISCONNECT -> ReplyRenderer.disconnect(reply);
      default -> ReplyRenderer.command(reply, view);
    };
  }

  private static void delay(Reply reply) {
    Duration min = reply.delay();
    if (min == null) {
      return;
    }
    long nanos = min.toNanos();
    if (reply.delayMax() != null) {
      nanos += ThreadLocalRandom.current().nextLong(reply.delayMax().toNanos() - nanos + 1);
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
