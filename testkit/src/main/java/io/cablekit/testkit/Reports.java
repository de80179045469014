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
    return "Expecting " + what + " on " + client + "\nwithin " + duration(timeout) + ", but none arrived. "
        + received(client.messages());
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

  static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }
}
