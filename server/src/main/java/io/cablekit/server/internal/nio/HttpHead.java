package io.cablekit.server.internal.nio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The head of an HTTP/1.x request (request line and header fields), as {@link HttpHeadParser}
 * read it. Immutable.
 *
 * <p>Header field names are looked up case-insensitively; {@link #fields()} keeps every field line
 * in the order sent and with its name spelled as sent. Values are ISO-8859-1 text with the
 * optional whitespace around them removed.
 *
 * @param method the method as sent (a token; case-sensitive, so {@code get} is not {@code GET})
 * @param target the request target as sent
 * @param path the target's path as sent, not percent-decoded: up to the first {@code ?} for the
 *     origin-form; for the absolute-form, the path after the authority ({@code /} when empty);
 *     {@code *} for the asterisk-form
 * @param rawQuery what follows the first {@code ?} of the target, not decoded ({@code ""} for a
 *     target ending in {@code ?}), or null when there is no {@code ?}
 * @param authority the authority of an absolute-form target ({@code host[:port]}), which RFC 9112
 *     3.2.2 says takes the place of {@code Host}; null for the other forms
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param fields every header field line, in order
 */
public record HttpHead(
    String method,
    String target,
    String path,
    String rawQuery,
    String authority,
    String version,
    List<HttpHead.Field> fields) {

  /** One header field line: the name as sent, the value trimmed of surrounding SP and HT. */
  public record Field(String name, String value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public HttpHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    fields = List.copyOf(fields);
  }

  /** The value of the first field with this name (any case), if any. */
  public Optional<String> first(String name) {
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        return Optional.of(field.value());
      }
    }
    return Optional.empty();
  }

  /**
   * The values of every field with this name (any case), in order; empty when there is none.
   * Suits {@code Handshake.Request}'s header lookup as {@code head::all}.
   */
  public List<String> all(String name) {
    List<String> values = null;
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        if (values == null) {
          values = new ArrayList<>(2);
        }
        values.add(field.value());
      }
    }
    return values == null ? List.of() : List.copyOf(values);
  }

  /** Whether a field with this name (any case) was sent, even with an empty value. */
  public boolean has(String name) {
    return first(name).isPresent();
  }

  /**
   * The distinct field names, compared case-insensitively, in order of first appearance and
   * spelled as they first appeared.
   */
  public List<String> names() {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (Field field : fields) {
      if (seen.add(field.name().toLowerCase(Locale.ROOT))) {
        names.add(field.name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The elements of a comma-separated list header ({@code Connection: keep-alive, Upgrade},
   * {@code Sec-WebSocket-Protocol: a, b}) across every field line of that name, in order, each
   * trimmed of SP and HT, with empty elements dropped (RFC 9110 5.6.1) and case kept. Commas are
   * not treated specially inside quotes: meant for lists of tokens, not of quoted strings.
   */
  public List<String> tokens(String name) {
    List<String> tokens = new ArrayList<>();
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        splitTokens(field.value(), tokens);
      }
    }
    return List.copyOf(tokens);
  }

  /**
   * Whether {@link #tokens(String) tokens(name)} holds {@code token}, compared case-insensitively
   * (as for {@code Connection: Upgrade} and {@code Upgrade: websocket}).
   */
  public boolean hasToken(String name, String token) {
    for (String element : tokens(name)) {
      if (element.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** Leaves out the target and the values, which may carry secrets (cookies, tokens in a query). */
  @Override
  public String toString() {
    return "HttpHead[" + method + " " + path + " " + version + ", fields=" + names() + "]";
  }

  private static void splitTokens(String value, List<String> into) {
    int start = 0;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      int from = start;
      int to = end;
      while (from < to && isWhitespace(value.charAt(from))) {
        from++;
      }
      while (to > from && isWhitespace(value.charAt(to - 1))) {
        to--;
      }
      if (from < to) {
        into.add(value.substring(from, to));
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
