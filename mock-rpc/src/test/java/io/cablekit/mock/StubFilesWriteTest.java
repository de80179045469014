package io.cablekit.mock;

import static io.cablekit.mock.Replies.accept;
import static io.cablekit.mock.Replies.confirm;
import static io.cablekit.mock.Replies.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.cablekit.mock.StubFiles.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Writing stubs in the file format: parse(write(stubs)) gives equivalent stubs. */
class StubFilesWriteTest {

  @Test
  void writesReadableYamlWithIds() {
    List<Stub> stubs = List.of(
        new Stub("connect", "users with a cookie", 5, RequestPattern.connect().withCookie("uid", Matchers.present()),
            List.of(accept("{\"user\": \"{{cookies.uid}}\"}")), null, null, null, "dsl"),
        new Stub("speak", null, 1, RequestPattern.perform("ChatChannel", "speak"),
            List.of(ok().broadcastToOthers("chat_{{params.room}}", TextNode.valueOf("{{data}}")).delay(Duration.ofMillis(250))),
            "chat", "Started", "spoken", "dsl"));
    assertThat(StubFiles.write(stubs, Format.YAML)).isEqualTo("""
        stubs:
          - id: connect
            name: users with a cookie
            match:
              "on": connect
              cookies:
                uid:
                  $any: true
            reply:
              accept:
                identifiers:
                  user: "{{cookies.uid}}"
          - id: speak
            priority: 1
            match:
              "on": perform
              channel: ChatChannel
              action: speak
            reply:
              broadcast:
                - stream: "chat_{{params.room}}"
                  data: "{{data}}"
                  exclude_self: true
              delay: 250ms
            scenario: chat
            when_state: Started
            set_state: spoken
        """);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyExampleFileSurvivesARoundTrip(Format format) throws Exception {
    for (String name : List.of("everything.yml", "spec-example.yml", "chat")) {
      List<Stub> read = StubFiles.load(Path.of(getClass().getResource("/stubs/" + name).toURI()));
      String written = StubFiles.write(read, format);
      List<Stub> reread = StubFiles.parse(written, "written." + format.name().toLowerCase());
      assertThat(StubFiles.write(reread, format)).as(name).isEqualTo(written);
      assertThat(reread).extracting(s -> StubFilesTest.parts(s.pattern()))
          .containsExactlyElementsOf(read.stream().map(s -> StubFilesTest.parts(s.pattern())).toList());
      assertThat(reread).extracting(Stub::id, Stub::name, Stub::priority, s -> s.replies().toString(), Stub::scenario,
              Stub::requiredState, Stub::newState)
          .containsExactlyElementsOf(read.stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.id(), s.name(), s.priority(),
              s.replies().toString(), s.scenario(), s.requiredState(), s.newState())).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void textThatLooksLikeANumberOrABooleanStaysText(Format format) throws Exception {
    Map<String, String> tricky = new LinkedHashMap<>();
    for (String s : List.of("42", "250ms", "1:20", "2024-01-02", "0x1f", "1e3", ".inf", "1_000", "+1", "-1", "012", "yes", "on", "Off", "null", "~", "",
        "- x", "a: b", "#c", "{{params.room}}", "'q'", "multi\nline", " lead", "@at")) {
      tricky.put("k" + tricky.size(), s);
    }
    Stub stub = new Stub("s", null, 5, RequestPattern.subscribe("C").withParams(tricky),
        List.of(confirm().streamFrom("0x1f").istate("on", "yes")), null, null, null, null);
    Stub back = StubFiles.parse(StubFiles.write(List.of(stub), format), "x." + format.name().toLowerCase()).get(0);
    assertThat(back.pattern().params()).isEqualTo(stub.pattern().params());
    assertThat(back.replies().get(0).streams()).containsExactly("0x1f");
    assertThat(back.replies().get(0).istate()).isEqualTo(Map.of("on", "yes"));
  }

  @Test
  void settingsThatMeanNothingForTheStubsKindAreRefusedAtDeclaration() {
    assertThatThrownBy(() -> new Stub("p", null, 5, RequestPattern.perform("C", "a"),
            List.of(ok().withoutWelcome().withoutConfirmation().transmit(Map.of("a", 1))), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stub p: invalid reply to perform: withoutWelcome applies to Connect replies only;"
            + " withoutConfirmation applies to subscribe replies only");
  }

  @Test
  void refusesRepliesComputedByJava() {
    Stub computed = new Stub("c", "computed", 5, RequestPattern.connect(), List.of(Replies.computed(call -> accept())),
        null, null, null, null);
    Stub broadcast = new Stub("b", null, 5, RequestPattern.perform("C", "a"),
        List.of(Replies.broadcast("s", data -> data)), null, null, null, null);
    assertThatThrownBy(() -> StubFiles.write(List.of(computed), Format.YAML))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stub \"computed\" cannot be written to a file: its reply is computed by a Java function");
    assertThatThrownBy(() -> StubFiles.write(List.of(broadcast), Format.YAML))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stub perform C#a cannot be written to a file: its broadcast to s is computed by a Java function");
  }
}
