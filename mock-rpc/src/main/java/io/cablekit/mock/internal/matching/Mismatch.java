package io.cablekit.mock.internal.matching;

/**
 * One field of a call that did not match what a pattern expected.
 *
 * @param field the field path, e.g. {@code params.room} or {@code headers.x-api-token}
 * @param expected what the pattern wanted, as shown to people
 * @param actual what the call had, as shown to people ({@code <absent>} when missing)
 */
public record Mismatch(String field, String expected, String actual) {
  @Override
  public String toString() {
    return field + ": expected " + expected + " but was " + actual;
  }
}
