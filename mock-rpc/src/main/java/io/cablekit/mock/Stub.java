package io.cablekit.mock;

import io.cablekit.mock.internal.reply.ReplyRules;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A rule of the mock: calls matching {@link #pattern()} get {@link #replies()}. With several
 * replies, the n-th matching call gets the n-th reply and every call after the last gets the last
 * one (a sequence). Priorities follow WireMock: 1 is the highest, the default is 5, and among
 * equal priorities the stub added last wins. With a scenario, the stub matches only while the
 * scenario is in {@link #requiredState()} and moves it to {@link #newState()} when used.
 *
 * @param id unique id; generated when null
 * @param name a label for reports, or null
 * @param source where the stub came from (a file and line, {@code dsl}, {@code admin}), or null
 */
public record Stub(
    String id,
    String name,
    int priority,
    RequestPattern pattern,
    List<Reply> replies,
    String scenario,
    String requiredState,
    String newState,
    String source) {

  /** The state every scenario starts in. */
  public static final String STARTED = "Started";

  public Stub {
    id = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    Objects.requireNonNull(pattern, "pattern");
    replies = List.copyOf(replies);
    if (replies.isEmpty()) {
      throw new IllegalArgumentException("stub " + label(name, id) + " has no reply");
    }
    if (priority < 1) {
      throw new IllegalArgumentException("stub " + label(name, id) + ": priority must be 1 or more (1 is the highest), got " + priority);
    }
    if ((requiredState != null || newState != null) && scenario == null) {
      throw new IllegalArgumentException("stub " + label(name, id) + ": a state needs a scenario name");
    }
    for (Reply reply : replies) {
      try {
        ReplyRules.check(pattern.kind(), reply);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("stub " + label(name, id) + ": " + e.getMessage(), e);
      }
    }
  }

  /** A stub with default priority and no scenario. */
  public static Stub of(RequestPattern pattern, Reply reply) {
    return new Stub(null, null, 5, pattern, List.of(reply), null, null, null, null);
  }

  /** How the stub is named in reports: its name, else its pattern. */
  public String label() {
    return name != null ? "\"" + name + "\"" : pattern.toString();
  }

  private static String label(String name, String id) {
    return name != null ? "\"" + name + "\"" : id;
  }
}
