package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.cablekit.mock.StubFiles.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML or JSON document into {@link Node}s that remember their lines, reporting syntax
 * errors, duplicate keys and extra documents. YAML anchors, aliases and {@code <<} merge keys are
 * resolved (Jackson's streaming parser leaves them to the caller).
 */
final class TreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser parser;
  private final Problems problems;
  private final Map<String, Node> anchors = new HashMap<>();

  private TreeReader(JsonParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /** The document's root, or null when the text is empty or not readable (a problem is recorded). */
  static Node read(String text, Format format, Problems problems) {
    try (JsonParser p = Formats.factory(format).createParser(text)) {
      if (p.nextToken() == null) {
        return null;
      }
      TreeReader reader = new TreeReader(p, problems);
      Node root = reader.value(line(p));
      if (p.nextToken() != null) {
        problems.add(line(p), format == Format.YAML
            ? "a file holds one YAML document, but a second one starts here; put every stub in one list"
            : "unexpected content after the end of the JSON document");
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "syntax error: " + describe(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Node value(int line) throws IOException {
    JsonToken token = parser.currentToken();
    if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
      Node target = anchors.get(parser.getText());
      if (target == null) {
        problems.add(line, "unknown YAML anchor *" + parser.getText() + " (define it first with &" + parser.getText() + ")");
        return scalar(NODES.nullNode(), line, null);
      }
      return new Node(target.json(), line, target.raw(), target.fields(), target.items());
    }
    String anchor = parser instanceof YAMLParser ? parser.getObjectId() instanceof String s ? s : null : null;
    Node node = switch (token) {
      case START_OBJECT -> object(line);
      case START_ARRAY -> array(line);
      case VALUE_STRING -> scalar(NODES.textNode(parser.getText()), line, null);
      case VALUE_NUMBER_INT -> scalar(integer(), line, parser.getText());
      case VALUE_NUMBER_FLOAT -> scalar(NODES.numberNode(parser.getDoubleValue()), line, parser.getText());
      case VALUE_TRUE, VALUE_FALSE -> scalar(NODES.booleanNode(token == JsonToken.VALUE_TRUE), line, parser.getText());
      case VALUE_NULL -> scalar(NODES.nullNode(), line, parser.getText());
      default -> scalar(NODES.textNode(parser.getText()), line, null);
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private JsonNode integer() throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  private static Node scalar(JsonNode json, int line, String raw) {
    return new Node(json, line, raw, Map.of(), List.of());
  }

  private Node object(int line) throws IOException {
    ObjectNode json = NODES.objectNode();
    Map<String, Node> fields = new LinkedHashMap<>();
    List<Node> merges = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      parser.nextToken();
      Node value = value(keyLine);
      if (key.equals("<<") && parser instanceof YAMLParser) {
        merges.addAll(value.isArray() ? value.items() : List.of(value));
        continue;
      }
      Node first = fields.get(key);
      if (first != null) {
        problems.add(keyLine, "duplicate key \"" + key + "\" (first at line " + first.line() + ")");
        continue;
      }
      fields.put(key, value);
      json.set(key, value.json());
    }
    for (Node merged : merges) {
      if (!merged.isObject()) {
        problems.add(merged.line(), "a << merge key takes an alias of a mapping (<<: *name)");
        continue;
      }
      merged.fields().forEach((k, v) -> {
        if (!fields.containsKey(k)) {
          fields.put(k, v);
          json.set(k, v.json());
        }
      });
    }
    return new Node(json, line, null, Collections.unmodifiableMap(fields), List.of());
  }

  private Node array(int line) throws IOException {
    ArrayNode json = NODES.arrayNode();
    List<Node> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Node item = value(line(parser));
      items.add(item);
      json.add(item.json());
    }
    return new Node(json, line, null, Map.of(), List.copyOf(items));
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  /** The parser's complaint in one line, without the quoted source snippet. */
  private static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m) {
      String context = m.getContext() == null ? "" : m.getContext() + ": ";
      return context + m.getProblem();
    }
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    return cut < 0 ? message : message.substring(0, cut);
  }
}
