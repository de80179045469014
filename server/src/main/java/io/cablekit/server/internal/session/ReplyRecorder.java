package io.cablekit.server.internal.session;

import io.cablekit.server.CableJournal;
import io.cablekit.server.JournalEvent;
import io.cablekit.server.StateDiff;
import java.time.Clock;
import java.util.List;

/** Writes {@link JournalEvent.RpcReply} entries: what each RPC reply did to a session. */
final class ReplyRecorder {
  private final CableJournal journal;
  private final Clock clock;

  ReplyRecorder(CableJournal journal, Clock clock) {
    this.journal = journal;
    this.clock = clock;
  }

  void record(
      Session session,
      String method,
      String command,
      String identifier,
      String data,
      String status,
      StateDiff cstate,
      StateDiff istate,
      List<String> added,
      List<String> removed,
      List<String> transmissions,
      boolean disconnect,
      String errorMsg) {
    journal.record(
        new JournalEvent.RpcReply(
            clock.instant(),
            session.sid(),
            method,
            command,
            identifier,
            data,
            status,
            cstate,
            istate,
            added,
            removed,
            transmissions,
            disconnect,
            errorMsg == null ? "" : errorMsg));
  }
}
