package io.cablekit.mock.internal.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.cablekit.mock.StubFiles.Format;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The two spellings of the stub format: which one a source uses, and how each is read and written. */
public final class Formats {
  private static final YAMLFactory YAML_READ = new YAMLFactory();
  private static final JsonFactory JSON_READ = new JsonFactory();
  private static final ObjectMapper YAML_WRITE =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .stringQuotingChecker(new QuoteWhatReadsAsNonText())
              .build());
  private static final ObjectMapper JSON_WRITE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Formats() {}

  /**
   * The format named by the extension of {@code name}; otherwise JSON if the text is JSON, else
   * YAML (a YAML flow mapping such as {@code {match: {on: connect}}} also starts with a brace).
   */
  public static Format detect(String name, String text) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".json")) {
      return Format.JSON;
    }
    if (n.endsWith(".yml") || n.endsWith(".yaml")) {
      return Format.YAML;
    }
    String t = text.stripLeading();
    return (t.startsWith("{") || t.startsWith("[")) && isJson(t) ? Format.JSON : Format.YAML;
  }

  /** Whether a file name is one a directory load reads. */
  public static boolean isStubFile(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return !n.startsWith(".") && (n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json"));
  }

  private static boolean isJson(String text) {
    try {
      JSON_WRITE.readTree(text);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  static JsonFactory factory(Format format) {
    return format == Format.YAML ? YAML_READ : JSON_READ;
  }

  /** Prints a document in {@code format}, ending with a newline. */
  public static String print(JsonNode document, Format format) {
    try {
      String out = (format == Format.YAML ? YAML_WRITE : JSON_WRITE).writeValueAsString(document);
      return out.endsWith("\n") ? out : out + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Jackson's minimal quoting, plus every string a YAML 1.1 reader would take for a number or a
   * date ({@code 0x1f}, {@code 1e3}, {@code .inf}, {@code 1_000}, {@code 1:20}, {@code
   * 2024-01-02}), so that text stays text.
   */
  private static final class QuoteWhatReadsAsNonText extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBER_LIKE = Pattern.compile(String.join("|",
        "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?",
        "[-+]?0x[0-9a-fA-F_]+",
        "[-+]?0o?[0-7_]+",
        "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)",
        "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"));

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }
}
