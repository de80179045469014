package io.cablekit.mock;

import java.util.function.IntPredicate;

/** How many matching calls a verification expects. */
public record Count(String description, IntPredicate test) {
  public static Count times(int n) {
    return new Count(n + (n == 1 ? " time" : " times"), c -> c == n);
  }

  public static Count once() {
    return times(1);
  }

  public static Count never() {
    return new Count("no calls", c -> c == 0);
  }

  public static Count atLeast(int n) {
    return new Count("at least " + n + (n == 1 ? " time" : " times"), c -> c >= n);
  }

  public static Count atMost(int n) {
    return new Count("at most " + n + (n == 1 ? " time" : " times"), c -> c <= n);
  }

  public boolean accepts(int count) {
    return test.test(count);
  }
}
