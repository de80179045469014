package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Writes JSON with styles for keys, strings, numbers and literals: on one line ({@code {"a": 1}})
 * or indented over several. Styles only show on a terminal that supports them.
 */
final class JsonStyle {
  static final AttributedStyle KEY = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE).bold();
  static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
  static final AttributedStyle LITERAL = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

  private JsonStyle() {}

  /** Appends {@code node}; {@code indent} is the column nested lines start from when multi-line. */
  static void append(AttributedStringBuilder out, JsonNode node, boolean multiLine, int indent) {
    if (node.isObject()) {
      container(out, node, multiLine, indent, '{', '}');
    } else if (node.isArray()) {
      container(out, node, multiLine, indent, '[', ']');
    } else if (node.isTextual()) {
      out.styled(STRING, node.toString());
    } else if (node.isNumber()) {
      out.styled(NUMBER, node.toString());
    } else {
      out.styled(LITERAL, node.toString());
    }
  }

  private static void container(AttributedStringBuilder out, JsonNode node, boolean multiLine, int indent, char open, char close) {
    if (node.isEmpty()) {
      out.append(open).append(close);
      return;
    }
    out.append(open);
    String inner = " ".repeat(indent + 2);
    boolean first = true;
    Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.fields() : null;
    Iterator<JsonNode> elements = node.isArray() ? node.elements() : null;
    while (fields != null ? fields.hasNext() : elements.hasNext()) {
      if (!first) {
        out.append(multiLine ? "," : ", ");
      }
      first = false;
      if (multiLine) {
        out.append('\n').append(inner);
      }
      JsonNode value;
      if (fields != null) {
        Map.Entry<String, JsonNode> e = fields.next();
        out.styled(KEY, io.cablekit.protocol.Json.quote(e.getKey())).append(": ");
        value = e.getValue();
      } else {
        value = elements.next();
      }
      append(out, value, multiLine, indent + 2);
    }
    if (multiLine) {
      out.append('\n').append(" ".repeat(indent));
    }
    out.append(close);
  }
}
