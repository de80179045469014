package io.cablekit.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/** Small JSON helpers shared by every module that speaks the wire protocol. */
public final class Json {
  /** One mapper for the whole process: thread-safe once configured. Instants as ISO-8601. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  // Buffers come from one shared pool, not a ThreadLocal: every connection reads on its own virtual
  // thread, and Jackson's default per-thread recycler kept about 8 KB of buffers per connection.
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
          .build();

  private Json() {}

  /** Parses {@code text}; anything that is not one JSON document becomes a missing node. */
  public static JsonNode readOrMissing(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** Returns {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    appendQuoted(out, s);
    return out.toString();
  }

  /** Appends {@code s} to {@code out} as a JSON string literal, quotes included. */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  /**
   * Returns the trimmed text when {@code text} is exactly one JSON value other than {@code null},
   * or null when it is not JSON (or is the literal {@code null}). Used to embed broadcast data
   * verbatim (PROTOCOL.md 3.2) without re-serializing it.
   */
  public static String asJsonValue(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return null;
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return text.strip();
  }
}
