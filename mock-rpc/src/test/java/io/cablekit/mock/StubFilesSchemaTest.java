package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** stubs.schema.json describes the format the loader reads: every example file passes it, and broken ones fail it. */
class StubFilesSchemaTest {
  static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  static final JsonSchema SCHEMA = schema();
  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonSchema schema() {
    try (InputStream in = StubFiles.class.getResourceAsStream("/io/cablekit/mock/stubs.schema.json")) {
      return FACTORY.getSchema(in);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Path resources() throws Exception {
    return Path.of(StubFilesSchemaTest.class.getResource("/stubs").toURI());
  }

  /** Every example stub file of the tests (broken ones apart). */
  static Stream<Path> examples() throws Exception {
    Path root = resources();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> !root.relativize(p).startsWith("broken") && !p.getFileName().toString().startsWith("."))
          .filter(p -> p.toString().matches(".*\\.(yml|yaml|json)$")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return files.stream();
  }

  static JsonNode read(Path file) throws Exception {
    return (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() throws Exception {
    JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    try (InputStream in = StubFiles.class.getResourceAsStream("/io/cablekit/mock/stubs.schema.json")) {
      assertThat(meta.validate(JSON.readTree(in))).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleFilePassesTheSchemaAndTheLoader(Path file) throws Exception {
    assertThat(SCHEMA.validate(read(file))).isEmpty();
    assertThat(StubFiles.validate(file)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void whatWriteProducesPassesTheSchema(Path file) throws Exception {
    List<Stub> stubs = StubFiles.load(file);
    assertThat(SCHEMA.validate(YAML.readTree(StubFiles.write(stubs, StubFiles.Format.YAML)))).isEmpty();
    assertThat(SCHEMA.validate(JSON.readTree(StubFiles.write(stubs, StubFiles.Format.JSON)))).isEmpty();
  }

  @Test
  void structuralMistakesFailTheSchemaAsTheyFailTheLoader() throws Exception {
    for (String yaml : List.of(
        "- {match: {on: subscribe, chanel: C}, reply: {}}",
        "- {match: {on: conect}, reply: {}}",
        "- {match: {}}",
        "- {match: {}, reply: {}, replies: [{}]}",
        "- {match: {}, reply: {status: INTERNAL, stream_from: x}}",
        "- {match: {}, reply: {error: x, transmit: 1}}",
        "- {match: {}, reply: {message: x}}",
        "- {match: {}, reply: {status: nope}}",
        "- {match: {}, reply: {delay: soon}}",
        "- {match: {}, reply: {delay: {min: 1s}}}",
        "- {match: {params: {a: {$regx: b}}}, reply: {}}",
        "- {match: {headers: {a: 1}}, reply: {}}",
        "- {match: {on: subscribe}, reply: {welcome: false}}",
        "- {match: {on: perform}, reply: {confirm: false}}",
        "- {match: {}, reply: {accept: true, reject: true}}",
        "- {match: {}, reply: {broadcast: {stream: s}}}",
        "- {match: {}, reply: {istate: {a: 1}}}",
        "- {match: {}, when_state: x, reply: {}}",
        "- {priority: 0, match: {}, reply: {}}",
        "{stubs: [], extra: 1}")) {
      assertThat(SCHEMA.validate(YAML.readTree(yaml))).as(yaml).isNotEmpty();
      assertThat(StubFiles.validate(write(yaml))).as(yaml).isNotEmpty();
    }
  }

  @Test
  void theStubExamplesOfTheAdminApiDocumentPassTheSchemaAndTheLoader() throws Exception {
    JsonNode paths;
    try (InputStream in = StubFiles.class.getResourceAsStream("/io/cablekit/mock/admin-openapi.yaml")) {
      paths = YAML.readTree(in).path("paths");
    }
    JsonNode post = paths.at("/~1__admin~1stubs/post/requestBody/content");
    List<JsonNode> documents = List.of(
        JSON.createArrayNode().add(post.at("/application~1json/examples/one/value")),
        post.at("/application~1json/examples/many/value"),
        YAML.readTree(post.at("/application~1yaml/example").asText()),
        paths.at("/~1__admin~1stubs/put/requestBody/content/application~1json/example"),
        JSON.createObjectNode().set("stubs", paths.at("/~1__admin~1stubs/get/responses/200/content/application~1json/example/stubs")),
        JSON.createArrayNode().add(paths.at("/~1__admin~1stubs~1{id}/get/responses/200/content/application~1json/example/stub")));
    for (JsonNode document : documents) {
      assertThat(document.isMissingNode() || document.isEmpty()).as("example found").isFalse();
      assertThat(SCHEMA.validate(document)).as(document.toString()).isEmpty();
      assertThat(StubFiles.parse(document.toString(), "example.json")).as(document.toString()).isNotEmpty();
    }
  }

  @Test
  void statusNamesAreCaseInsensitiveInBoth() throws Exception {
    String yaml = "- {match: {}, reply: {status: Unavailable}}";
    assertThat(SCHEMA.validate(YAML.readTree(yaml))).isEmpty();
    assertThat(StubFiles.validate(write(yaml))).isEmpty();
  }

  private static Path write(String yaml) throws Exception {
    Path file = Files.createTempFile("stub", ".yml");
    file.toFile().deleteOnExit();
    Files.writeString(file, yaml);
    return file;
  }
}
