package io.cablekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.internal.matching.Mismatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Failure messages in AssertJ's "Expecting / but" layout, showing what did arrive. */
final class Reports {
  private static final int SHOWN = 3;

  private Reports() {}

  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  static String noFrame(String what, Duration timeout, CableClient client) {
    return "Expecting " + what + " on " + client + "\nwithin " + duration(timeout) + ", but "
        + (client.closeInfo() == null ? "none arrived. " : "the connection " + ended(client) + ". ")
        + received(client.messages());
  }

  /** How a closed connection ended, with a hint when it is the RPC server that failed. */
  static String ended(CableClient client) {
    CloseInfo c = client.closeInfo();
    String out = "was closed with " + c.code() + (c.reason().isEmpty() ? "" : " \"" + c.reason() + "\"");
    if (c.disconnectReason() != null) {
      out += " after a disconnect frame (reason " + c.disconnectReason() + ")";
    }
    if (c.code() == 1011 && client.server() != null) {
      out += " (the RPC server at " + client.server().config().rpcHost() + " failed or is unreachable)";
    }
    return out;
  }

  static String stillOpen(Duration timeout, CableClient client) {
    return "Expecting the server to close the connection of " + client + "\nwithin " + duration(timeout)
        + ", but it is still open. " + received(client.messages());
  }

  static String received(List<Frame> frames) {
    if (frames.isEmpty()) {
      return "Nothing was received.";
    }
    StringBuilder out = new StringBuilder("Received:");
    int from = Math.max(0, frames.size() - 10);
    if (from > 0) {
      out.append("\n  ... ").append(from).append(" earlier");
    }
    for (Frame f : frames.subList(from, frames.size())) {
      out.append("\n  ").append(abbreviate(f.text()));
    }
    return out.toString();
  }

  /**
   * No frame matched: shows the closest candidates (payloads of the identifier when given, else
   * whole frames) and the field-level reason each did not match.
   */
  static String noMatchingFrame(Messages.Pattern pattern, Duration timeout, CableClient client, String identifier) {
    StringBuilder out = new StringBuilder("Expecting a message ");
    out.append(identifier == null ? "on " + client : "on subscription:\n  " + identifier);
    out.append("\nmatching:\n  ").append(pattern).append("\nwithin ").append(duration(timeout)).append(", but none arrived.");
    if (client.closeInfo() != null) {
      out.append(" The connection ").append(ended(client)).append('.');
    }
    List<Frame> candidates =
        client.messages().stream()
            .filter(f -> identifier == null || f.isMessageFor(identifier))
            .toList();
    if (candidates.isEmpty()) {
      out.append(identifier == null ? " " + received(client.messages()) : " No message arrived on it. " + received(client.messages()));
      return out.toString();
    }
    out.append(" Closest messages:");
    closest(candidates, pattern, identifier != null).forEach(line -> out.append("\n  ").append(line));
    return out.toString();
  }

  static List<String> closest(List<Frame> frames, Messages.Pattern pattern, boolean payload) {
    record Candidate(Frame frame, List<Mismatch> mismatches) {}
    List<Candidate> all = new ArrayList<>();
    for (Frame f : frames) {
      JsonNode actual = payload ? f.message() : f.json();
      all.add(new Candidate(f, pattern.mismatches(actual)));
    }
    all.sort(Comparator.comparingInt(c -> c.mismatches().size()));
    List<String> lines = new ArrayList<>();
    for (Candidate c : all.subList(0, Math.min(SHOWN, all.size()))) {
      String shown = abbreviate(payload ? c.frame().message().toString() : c.frame().text());
      lines.add(shown + "   <- " + reason(c.mismatches()));
    }
    return lines;
  }

  static String reason(List<Mismatch> mismatches) {
    List<String> parts = new ArrayList<>();
    for (Mismatch m : mismatches) {
      String field = m.field().isEmpty() ? "message" : m.field();
      parts.add(field + ": expected " + m.expected() + " but was " + m.actual());
    }
    return String.join("; ", parts);
  }

  /**
   * Where a silent subscription listens and where broadcasts went: a stream name that differs is
   * the usual reason nothing arrives.
   */
  static String streamHint(Subscription subscription) {
    if (subscription.client().server() == null || !subscription.client().isOpen()) {
      return "";
    }
    List<String> streams = subscription.state().map(io.cablekit.server.SessionInfo.SubscriptionInfo::streams).orElse(List.of());
    List<io.cablekit.server.JournalEvent.Published> others =
        subscription.client().server().journal().broadcasts().stream()
            .filter(p -> !streams.contains(p.broadcast().stream()))
            .toList();
    StringBuilder out = new StringBuilder("\nIt streams from ").append(streams.isEmpty() ? "nothing" : streams).append('.');
    if (!others.isEmpty()) {
      out.append(" Broadcasts to other streams:");
      others.subList(Math.max(0, others.size() - SHOWN), others.size()).forEach(p ->
          out.append("\n  \"").append(p.broadcast().stream()).append("\"  ")
              .append(abbreviate(p.broadcast().data())).append("   <- stream differs"));
    }
    return out.toString();
  }

  static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }
}
