package io.cablekit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.mock.Matchers;
import io.cablekit.mock.internal.matching.JsonMatch;
import io.cablekit.mock.internal.matching.Mismatch;
import io.cablekit.protocol.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Message patterns for assertions. {@link #json} matches partially (only the keys given, in any
 * order; the operators of {@link Matchers} allowed); {@link #exactly} matches the whole value.
 *
 * <pre>{@code
 * assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
 * assertThat(chat).receives(json(Map.of("user", Matchers.present()))).within(Duration.ofSeconds(2));
 * }</pre>
 */
public final class Messages {
  private Messages() {}

  /** A message pattern: what a payload must look like, and why a payload does not. */
  public static final class Pattern {
    private final JsonNode expected;
    private final boolean exact;

    private Pattern(JsonNode expected, boolean exact) {
      this.expected = expected;
      this.exact = exact;
    }

    public boolean matches(JsonNode actual) {
      return mismatches(actual).isEmpty();
    }

    /** Field-level differences between the pattern and {@code actual}. */
    public List<Mismatch> mismatches(JsonNode actual) {
      List<Mismatch> out = new ArrayList<>();
      if (exact) {
        if (actual == null || !actual.equals(expected)) {
          out.add(new Mismatch("", JsonMatch.show(expected), JsonMatch.show(actual)));
        }
      } else {
        JsonMatch.diff("", expected, actual, out);
      }
      return out;
    }

    public JsonNode expected() {
      return expected;
    }

    @Override
    public String toString() {
      return (exact ? "exactly " : "") + expected;
    }
  }

  /** Partial JSON: JSON text, a map, a record or a {@link JsonNode}. A plain string matches a string message. */
  public static Pattern json(Object partial) {
    return new Pattern(parse(partial), false);
  }

  /** The whole value, nothing more and nothing less. */
  public static Pattern exactly(Object value) {
    return new Pattern(parse(value), true);
  }

  /** A message that is this string. */
  public static Pattern text(String value) {
    return new Pattern(com.fasterxml.jackson.databind.node.TextNode.valueOf(value), true);
  }

  /** Any message. */
  public static Pattern any() {
    return new Pattern(Matchers.present(), false);
  }

  private static JsonNode parse(Object value) {
    if (value instanceof String s) {
      String t = s.strip();
      try {
        return Json.MAPPER.readTree(t);
      } catch (Exception e) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
      }
    }
    return Matchers.toJson(value);
  }
}
