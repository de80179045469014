package io.cablekit.mock.internal.reports;

import io.cablekit.mock.Count;
import io.cablekit.mock.RecordedCall;
import io.cablekit.mock.RequestPattern;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.Stub;
import io.cablekit.mock.internal.matching.CallView;
import io.cablekit.mock.internal.matching.Mismatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Near-miss reports in the "Expecting / but" layout: for a call no stub matched, the closest stubs
 * and why each did not match; for a failed verification, the closest calls and why.
 */
public final class NearMiss {
  private static final int SHOWN = 3;

  private NearMiss() {}

  private record Candidate<T>(T item, List<Mismatch> mismatches) {
    int distance() {
      // a call of another kind is never close
      return mismatches.stream().anyMatch(m -> m.field().equals("kind")) ? 1000 : mismatches.size();
    }
  }

  /** The report for a call that no stub matched. */
  public static String unmatched(RpcCall call, List<Stub> stubs) {
    CallView view = new CallView(call);
    StringBuilder out = new StringBuilder("No stub matched this ").append(call.kind().label()).append(" call:\n  ")
        .append(describe(call)).append('\n');
    List<Candidate<Stub>> closest = new ArrayList<>();
    for (Stub stub : stubs) {
      closest.add(new Candidate<>(stub, stub.pattern().mismatches(view)));
    }
    closest.sort(Comparator.comparingInt(Candidate::distance));
    List<Candidate<Stub>> shown = closest.stream().filter(c -> c.distance() < 1000).limit(SHOWN).toList();
    if (shown.isEmpty()) {
      out.append(stubs.isEmpty() ? "No stubs are registered." : "No stub handles " + call.kind().label() + " calls.");
      return out.toString();
    }
    out.append("Closest stubs:");
    for (Candidate<Stub> c : shown) {
      out.append("\n  ").append(c.item().label());
      if (c.item().name() != null) {
        out.append(" (").append(c.item().pattern()).append(')');
      }
      reasons(out, c.mismatches(), c.item().scenario() != null ? c.item() : null);
    }
    return out.toString();
  }

  /** The report for a verification that failed. */
  public static String verification(RequestPattern pattern, Count count, List<RecordedCall> calls, int matched) {
    StringBuilder out = new StringBuilder("Expecting ")
        .append(pattern.kind() == null ? "calls" : pattern.kind().label() + " calls")
        .append(" matching:\n  ").append(pattern).append('\n')
        .append(count.description()).append(", but there ").append(matched == 1 ? "was " : "were ")
        .append(matched).append('.');
    List<Candidate<RecordedCall>> closest = new ArrayList<>();
    for (RecordedCall call : calls) {
      List<Mismatch> mismatches = pattern.mismatches(new CallView(call.call()));
      if (!mismatches.isEmpty()) {
        closest.add(new Candidate<>(call, mismatches));
      }
    }
    closest.sort(Comparator.comparingInt(Candidate::distance));
    List<Candidate<RecordedCall>> shown = closest.stream().filter(c -> c.distance() < 1000).limit(SHOWN).toList();
    if (shown.isEmpty()) {
      out.append(calls.isEmpty() ? " No calls were received." : " No call of that kind was received.");
      return out.toString();
    }
    out.append(" Closest calls:");
    for (Candidate<RecordedCall> c : shown) {
      out.append("\n  #").append(c.item().seq()).append(' ').append(describe(c.item().call()));
      reasons(out, c.mismatches(), null);
    }
    return out.toString();
  }

  private static void reasons(StringBuilder out, List<Mismatch> mismatches, Stub scenarioStub) {
    for (Mismatch m : mismatches) {
      out.append("\n    <- ").append(m);
    }
    if (mismatches.isEmpty() && scenarioStub != null) {
      out.append("\n    <- scenario \"").append(scenarioStub.scenario()).append("\" is not in state \"")
          .append(scenarioStub.requiredState()).append('"');
    }
  }

  /** A call as shown in reports: kind, channel#action, params, data and identifiers. */
  public static String describe(RpcCall call) {
    CallView v = new CallView(call);
    StringBuilder out = new StringBuilder(call.kind().label());
    switch (call.kind()) {
      case CONNECT -> out.append(' ').append(call.url());
      case DISCONNECT -> out.append(" identifiers ").append(call.identifiers());
      default -> {
        out.append(' ').append(v.channel().isEmpty() ? call.identifier() : v.channel());
        if (!v.action().isEmpty()) {
          out.append('#').append(v.action());
        }
        if (!v.params().isEmpty()) {
          out.append(" params ").append(v.params());
        }
        if (!call.data().isEmpty()) {
          out.append(" data ").append(call.data());
        }
      }
    }
    return out.toString();
  }
}
