package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.internal.matching.JsonMatch;
import io.cablekit.mock.internal.matching.Mismatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code expect <json> [--within 2s]}: waits for a frame on the current socket that matches the
 * pattern, partially as the testkit's {@code json(...)} matches: a channel message's payload, or
 * else the whole frame. Each socket has a cursor: an expect looks at the frames after the one the
 * previous expect matched, including those that arrived before the command was typed.
 */
final class ExpectCommand {
  static final Duration DEFAULT_WITHIN = Duration.ofSeconds(2);
  private static final int SHOWN = 8;
  private static final Set<String> HANDSHAKE = Set.of("welcome", "confirm_subscription", "pong");

  private final Shell shell;
  private final Map<CableSocket, Long> cursors = new HashMap<>();

  ExpectCommand(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("expect", List.of("e"), "expect <json> [--within 2s] [--socket name] [--on #n|Channel|identifier]",
        "Wait for a matching message; fail (in a script: exit non-zero) with what arrived instead",
        """
        The pattern matches partially (only the keys given, in any order) a channel message's payload
        ({"text":"hi"}) or a whole frame ({"type":"disconnect","reason":"unauthorized"}); operators of
        stub files work too ({"user":{"$any":true}}). Frames that arrived since the last met expect
        on the socket count, so perform then expect never races. --on limits it to one subscription.
        Default --within: 2s.""",
        true, this::expect).options(Set.of("within", "socket", "on"), Set.of()));
  }

  private void expect(Args args) throws ShellException, InterruptedException {
    args.expect(1, 1, "expect <json> [--within 2s] [--socket name] [--on #n|Channel|identifier]");
    JsonNode pattern = JsonArgs.parse(args.positional().get(0).raw(), "expect pattern");
    try {
      JsonMatch.validate("", pattern);
    } catch (IllegalArgumentException e) {
      throw new ShellException("expect: " + e.getMessage());
    }
    Duration within = JsonArgs.duration(args.option("within", "2s"), "expect --within");
    CableSocket socket = shell.sockets().get(args.option("socket", null));
    String on = args.option("on", null) == null ? null : Targets.subscription(socket, args.option("on", null));
    long from = cursors.getOrDefault(socket, 0L);
    Frame met = socket.log().await(from, f -> !f.isPing() && (on == null || on.equals(f.identifier())) && matches(pattern, f) != null, within);
    if (met == null) {
      throw new ShellException(failure(socket, pattern, on, within, socket.log().since(from)));
    }
    cursors.put(socket, met.seq() + 1);
    Match how = matches(pattern, met);
    shell.out().note("expect met on " + socket.name() + ": " + (how == Match.MESSAGE ? met.message() : met.json()));
    Recording r = shell.recording();
    if (r != null) {
      r.step(new Step.Expected(socket.name(), how == Match.MESSAGE ? met.identifier() : null, pattern.toString(), within));
    }
  }

  private enum Match { MESSAGE, FRAME }

  /** How the pattern matches the frame (its payload first), or null. */
  private static Match matches(JsonNode pattern, Frame f) {
    if (f.isChannelMessage() && mismatches(pattern, f.message()).isEmpty()) {
      return Match.MESSAGE;
    }
    return !f.json().isMissingNode() && mismatches(pattern, f.json()).isEmpty() ? Match.FRAME : null;
  }

  private static List<Mismatch> mismatches(JsonNode pattern, JsonNode actual) {
    List<Mismatch> out = new ArrayList<>();
    JsonMatch.diff("", pattern, actual, out);
    return out;
  }

  /** "expect failed on s1: nothing matched ... Arrived instead:" with the closest reason per frame. */
  static String failure(CableSocket socket, JsonNode pattern, String on, Duration within, List<Frame> since) {
    StringBuilder out = new StringBuilder("expect failed on ").append(socket.name()).append(": no message matching\n  ")
        .append(pattern).append(on == null ? "" : "\non " + Renderer.channelLabel(on))
        .append("\nwithin ").append(JsonArgs.show(within)).append('.');
    // the handshake's frames are noise unless the pattern is about frame types
    boolean control = pattern.has("type");
    List<Frame> arrived = since.stream()
        .filter(f -> !f.isPing() && (on == null || on.equals(f.identifier())) && (control || !HANDSHAKE.contains(f.type())))
        .toList();
    if (arrived.isEmpty()) {
      out.append(" Nothing arrived instead").append(since.isEmpty() && socket.log().size() > 0 ? " since the last met expect." : ".");
    } else {
      out.append(" Arrived instead").append(arrived.size() > SHOWN ? " (last " + SHOWN + " of " + arrived.size() + ")" : "").append(':');
      for (Frame f : arrived.subList(Math.max(0, arrived.size() - SHOWN), arrived.size())) {
        out.append("\n  ").append(summary(f)).append("   <- ").append(reason(pattern, f));
      }
    }
    if (!socket.isOpen()) {
      out.append("\n").append(socket.name()).append(" is closed: ").append(Renderer.closeReason(socket, socket.closed()));
    }
    return out.toString();
  }

  private static String summary(Frame f) {
    return f.isChannelMessage() ? Renderer.channelLabel(f.identifier()) + " " + f.message() : f.text();
  }

  private static String reason(JsonNode pattern, Frame f) {
    List<Mismatch> best = f.json().isMissingNode() ? List.of(new Mismatch("", pattern.toString(), "not JSON")) : mismatches(pattern, f.json());
    if (f.isChannelMessage()) {
      List<Mismatch> payload = mismatches(pattern, f.message());
      if (payload.size() <= best.size()) {
        best = payload;
      }
    }
    return best.stream().sorted(Comparator.comparing(Mismatch::field)).limit(3)
        .map(m -> m.field().isEmpty() ? "expected " + m.expected() + " but was " + m.actual() : m.toString())
        .collect(Collectors.joining("; "));
  }
}
