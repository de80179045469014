package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;

/** One line per journaled mock call: what was called and how the mock answered. */
final class Journal {
  private Journal() {}

  static String line(JsonNode c) {
    StringBuilder out = new StringBuilder("#").append(c.path("seq").asText()).append(' ').append(c.path("kind").asText());
    if (c.has("channel")) {
      out.append(' ').append(c.path("channel").asText());
      if (c.path("params").size() > 0) {
        out.append(' ').append(c.path("params"));
      }
    }
    if (c.has("action")) {
      out.append('#').append(c.path("action").asText());
    }
    if (c.has("data")) {
      out.append(" data ").append(c.path("data"));
    }
    out.append("  sid=").append(c.path("sid").asText());
    JsonNode response = c.path("response");
    out.append("  -> ").append(response.path("status").asText(c.has("fault") ? c.path("fault").asText() : "?"));
    if (response.hasNonNull("error_msg")) {
      out.append(" ").append(response.path("error_msg"));
    }
    out.append(c.has("stub_id") ? "  (stub " + c.path("stub_id").asText() + ")" : "  (default: " + c.path("default_reply").asText() + ")");
    if (c.path("broadcasts").size() > 0) {
      out.append("  broadcasts ").append(c.path("broadcasts"));
    }
    return out.toString();
  }
}
