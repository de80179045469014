package io.cablekit.mock.internal.files;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as stub files write them: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, or a number of milliseconds. */
final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)|(\\d+)");
  private static final String EXPECTED = "expected 250ms, 2s, 1.5s, 1m or a number of milliseconds";

  private Durations() {}

  /** A reply's delay: fixed ({@code max} null) or random between {@code min} and {@code max}. */
  record Delay(Duration min, Duration max) {}

  /** Reads {@code delay}: a duration or {@code {min, max}}; null (and a problem) when invalid. */
  static Delay delay(Scope s, Node n) {
    if (!n.isObject()) {
      Duration d = parse(s, n);
      return d == null ? null : new Delay(d, null);
    }
    s.keys(n, java.util.List.of("min", "max"));
    if (!n.has("min") || !n.has("max")) {
      s.problem(n, "a random delay needs both min and max, e.g. {min: 100ms, max: 300ms}");
      return null;
    }
    Duration min = parse(s.child("min"), n.get("min"));
    Duration max = parse(s.child("max"), n.get("max"));
    if (min == null || max == null) {
      return null;
    }
    if (max.compareTo(min) < 0) {
      s.problem(n, "max " + format(max) + " is below min " + format(min));
      return null;
    }
    return new Delay(min, max);
  }

  static Duration parse(Scope s, Node n) {
    if (Scope.isWhole(n) && n.json().canConvertToLong() && n.json().longValue() >= 0) {
      return Duration.ofMillis(n.json().longValue());
    }
    Matcher m = n.isText() ? TEXT.matcher(n.text()) : null;
    if (m == null || !m.matches()) {
      s.problem(n, "invalid duration " + n.describe() + "; " + EXPECTED);
      return null;
    }
    if (m.group(3) != null) {
      return Duration.ofMillis(Long.parseLong(m.group(3)));
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (m.group(2)) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      default -> 60_000_000_000L;
    });
    return Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
  }

  /** The shortest exact spelling: {@code 1m}, {@code 2s}, {@code 250ms}, {@code 0.5ms}. */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos > 0 && nanos % 60_000_000_000L == 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos > 0 && nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
  }
}
