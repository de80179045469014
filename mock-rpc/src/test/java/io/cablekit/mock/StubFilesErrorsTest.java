package io.cablekit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cablekit.mock.StubFileException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem of a stub file is named with its file, line and what is wrong, in plain words. */
class StubFilesErrorsTest {

  static String problems(String name, String text) {
    try {
      StubFiles.parse(text, name);
    } catch (StubFileException e) {
      return e.getMessage();
    }
    throw new AssertionError("Expecting " + name + " to have problems, but it loaded");
  }

  @Test
  void namesTheClosestKeyForAnUnknownKey() {
    assertThat(problems("chat.yml", """
        stubs:
          - name: typo
            match: { on: subscribe, chanel: ChatChannel }
            reply: { stream_from: x }
        """))
        .isEqualTo("chat.yml:3: stub 1 (\"typo\"): match: unknown key \"chanel\"; did you mean \"channel\"?");
  }

  @Test
  void listsTheValidKeysWhenNoKeyIsClose() {
    assertThat(problems("a.yml", "- match: { on: subscribe, foo: 1 }\n  reply: {}\n"))
        .isEqualTo("a.yml:1: stub 1: match: unknown key \"foo\"; valid keys are on, channel, params, action, data, "
            + "identifiers, headers, cookies, query, path, cstate, istate");
  }

  @Test
  void saysWhatTypeWasExpectedAndHowToWriteText() {
    assertThat(problems("a.yml", "- priority: high\n  match: { on: perform, action: on, channel: 42 }\n  reply: {}\n"))
        .isEqualTo("""
            a.yml:1: stub 1: priority: expected a whole number of at least 1, got "high"
            a.yml:2: stub 1: match.action: expected a string, got on (YAML reads it as true); write "on" for the text
            a.yml:2: stub 1: match.channel: expected a string, got 42; write "42" for the text""");
  }

  @Test
  void reportsAnInvalidRegexAnUnknownPlaceholderAndAnInvalidDurationEachAtItsLine() {
    assertThat(problems("b.json", """
        [
          {
            "match": { "on": "perform", "params": { "room": { "$regex": "[" } } },
            "reply": {
              "transmit": "{{parms.room}}",
              "delay": "soon"
            }
          }
        ]"""))
        .isEqualTo("""
            b.json:3: stub 1: match.params.room: invalid regular expression /[/: Unclosed character class
            b.json:5: stub 1: reply.transmit: unknown placeholder {{parms.room}}; did you mean {{params.room}}?
            b.json:6: stub 1: reply.delay: invalid duration "soon"; expected 250ms, 2s, 1.5s, 1m or a number of milliseconds""");
  }

  @Test
  void namesTheClosestGrpcStatusAndRefusesOk() {
    assertThat(problems("s.yml", """
        - match: { on: connect }
          reply: { status: UNAVAILBLE }
        - match: { on: connect }
          reply: { status: ok }
        """))
        .isEqualTo("""
            s.yml:2: stub 1: reply.status: unknown gRPC status "UNAVAILBLE"; did you mean UNAVAILABLE?
            s.yml:4: stub 2: reply.status: OK is not a failure; leave status out for a normal reply""");
  }

  @Test
  void refusesRepliesAnyCableWouldNotAcceptWithTheReason() {
    assertThat(problems("r.yml", """
        - name: rejected with streams
          match: { on: subscribe, channel: ChatChannel }
          reply: { reject: true, stream_from: [x] }
        - match: { on: unsubscribe }
          replies:
            - {}
            - { stream_from: y }
        """))
        .isEqualTo("""
            r.yml:3: stub 1 ("rejected with streams"): reply: a rejected subscription cannot stream from [x]: \
            the server would still attach those streams (PROTOCOL.md 2.3)
            r.yml:7: stub 2: replies[1]: an unsubscribe stops every stream of the subscription, \
            so stream_from [y] would be dropped at once (PROTOCOL.md 2.3)""");
  }

  @Test
  void refusesKeysThatDoNotApplyToTheStubsKindOfCall() {
    assertThat(problems("k.yml", "- match: { on: subscribe }\n  reply:\n    welcome: false\n    confirm: true\n"
            + "- match: { on: perform }\n  reply: { confirm: false }\n"))
        .isEqualTo("""
            k.yml:3: stub 1: reply: welcome applies to connect stubs only; this stub matches subscribe calls
            k.yml:6: stub 2: reply: confirm applies to subscribe stubs only; this stub matches perform calls""");
  }

  @Test
  void enforcesTheKeysThatExcludeEachOther() {
    assertThat(problems("x.yml", """
        - match: { on: connect }
          reply: { status: INTERNAL, stream_from: x, transmit: 1 }
        - match: { on: perform }
          reply: { message: hi }
        - match: { on: perform }
          reply: { error: boom, disconnect: true }
        - match: { on: connect }
          reply: { accept: true, reject: true }
        - match: { on: subscribe }
          reply: { stream_from: a, streams: b }
        """))
        .isEqualTo("""
            x.yml:2: stub 1: reply: status excludes every other key but message and delay; found stream_from, transmit
            x.yml:4: stub 2: reply: message is the description of a gRPC status: add status \
            (for status ERROR with error_msg, write error: "...")
            x.yml:6: stub 3: reply: error excludes every other key but delay; found disconnect
            x.yml:8: stub 4: reply: accept and reject exclude each other
            x.yml:10: stub 5: reply: stream_from and streams are the same key; keep one""");
  }

  @Test
  void requiresAMatchAndExactlyOneOfReplyAndReplies() {
    assertThat(problems("m.yml", "- reply: {}\n- match: {}\n  reply: {}\n  replies: [{}]\n- match: {}\n"))
        .isEqualTo("""
            m.yml:1: stub 1: match is required: {on: connect} for one kind of call, or {} for any call
            m.yml:4: stub 2: reply and replies exclude each other; keep one
            m.yml:5: stub 3: a stub needs reply (one reply for every call) or replies (a sequence)""");
  }

  @Test
  void explainsOperatorAndMatcherMistakes() {
    assertThat(problems("o.yml", """
        - match:
            on: connect
            headers: { x-a: 1 }
            query: { a: { $any: false } }
            path: { $regx: "/cable" }
            identifiers: { user: { $regex: a, b: c } }
          reply: { accept: false }
        """))
        .isEqualTo("""
            o.yml:3: stub 1: match.headers.x-a: expected a string or an operator such as {$regex: "..."}, got 1; write "1" for the text
            o.yml:4: stub 1: match.query.a.$any: expected true, got false
            o.yml:5: stub 1: match.path: unknown operator "$regx"; did you mean "$regex"?
            o.yml:6: stub 1: match.identifiers.user: an operator object has exactly one key, but this one has $regex, b
            o.yml:7: stub 1: reply.accept: expected true or {identifiers: {...}}, got false""");
  }

  @Test
  void explainsReplyPartMistakes() {
    assertThat(problems("p.yml", """
        - match: { on: perform }
          reply:
            stream_from: "chat_{{params.room}"
            cstate: { a: 1 }
            delay: { min: 2s, max: 1s }
            broadcast: [ { stream: s } ]
        """))
        .isEqualTo("""
            p.yml:3: stub 1: reply.stream_from: malformed placeholder in "chat_{{params.room}"; write {{root}} or {{root.key}}, e.g. {{params.room}}
            p.yml:4: stub 1: reply.cstate.a: expected a string, or null to remove the key, got 1; write "1" for the text
            p.yml:5: stub 1: reply.delay: max 1s is below min 2s
            p.yml:6: stub 1: reply.broadcast[0]: a broadcast needs stream and data, e.g. {stream: "chat_{{params.room}}", data: "{{data}}"}""");
  }

  @Test
  void reportsScenarioStatesWithoutAScenario() {
    assertThat(problems("sc.yml", "- match: {}\n  set_state: paid\n  reply: {}\n"))
        .isEqualTo("sc.yml:2: stub 1: set_state needs a scenario name: add scenario: <name>");
  }

  @Test
  void reportsDuplicateKeysAndDuplicateIds() {
    assertThat(problems("d.yml", """
        - id: same
          match: { on: connect }
          match: {}
          reply: {}
        - { id: same, match: {}, reply: {} }
        """))
        .isEqualTo("""
            d.yml:3: duplicate key "match" (first at line 2)
            d.yml:5: stub 2: id "same" is already used by stub 1 at line 1""");
  }

  @Test
  void reportsSyntaxErrorsAtTheirLine() {
    assertThat(problems("y.yml", "stubs:\n  - match: {on: connect\n    reply: x\n"))
        .isEqualTo("y.yml:3: syntax error: while parsing a flow mapping: expected ',' or '}', but got :");
    assertThat(problems("j.json", "[\n  {\"match\": {\"on\": \"connect\"},, }\n]"))
        .isEqualTo("j.json:2: syntax error: Unexpected character (',' (code 44)): was expecting double-quote to start field name");
  }

  @Test
  void explainsTheShapeOfAFile() {
    assertThat(problems("one.yml", "match: {on: connect}\nreply: {accept: true}\n"))
        .isEqualTo("one.yml:1: expected a list of stubs or an object with a \"stubs\" list; this looks like one stub: "
            + "put it in a list under \"stubs:\"");
    assertThat(problems("two.yml", "- match: {}\n  reply: {}\n---\n- match: {}\n  reply: {}\n"))
        .isEqualTo("two.yml:4: a file holds one YAML document, but a second one starts here; put every stub in one list");
    assertThat(problems("three.yml", "- 42\n- match: {on: connec}\n  reply: {accept: true}\n"))
        .isEqualTo("""
            three.yml:1: stub 1: expected an object with match and reply, got 42
            three.yml:2: stub 2: match.on: unknown call kind "connec"; did you mean "connect"?""");
  }

  @Test
  void validateReportsEveryProblemOfEveryFile() throws Exception {
    Path dir = Path.of(getClass().getResource("/stubs/broken").toURI());
    String a = dir.resolve("a.yml").toString();
    String b = dir.resolve("b.json").toString();
    assertThat(StubFiles.validate(dir)).containsExactly(
        new Problem(a, 3, "stub 1 (\"typo in match\"): match: unknown key \"chanel\"; did you mean \"channel\"?"),
        new Problem(a, 8, "stub 2 (\"rejected with streams\"): reply: a rejected subscription cannot stream from [x]: "
            + "the server would still attach those streams (PROTOCOL.md 2.3)"),
        new Problem(b, 3, "stub 1: match.params.room: invalid regular expression /[/: Unclosed character class"),
        new Problem(b, 4, "stub 1: reply.transmit: unknown placeholder {{parms.room}}; did you mean {{params.room}}?"),
        new Problem(b, 4, "stub 1: reply.delay: invalid duration \"soon\"; expected 250ms, 2s, 1.5s, 1m or a number of milliseconds"));
  }

  @Test
  void aBrokenFileFailsTheWholeLoadWithEveryProblemOnItsOwnLine() throws Exception {
    Path dir = Path.of(getClass().getResource("/stubs/broken").toURI());
    assertThatThrownBy(() -> StubFiles.load(dir))
        .isInstanceOf(StubFileException.class)
        .hasMessage(String.join("\n", StubFiles.validate(dir).stream().map(Problem::toString).toList()))
        .satisfies(e -> assertThat(((StubFileException) e).problems()).hasSize(5));
  }

  @Test
  void namesBothFilesOfADuplicateId(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yml"), "- {id: chat, match: {}, reply: {}}\n");
    Files.createDirectories(dir.resolve("more"));
    Files.writeString(dir.resolve("more/b.json"), "[\n  {\"id\": \"chat\", \"match\": {}, \"reply\": {}}\n]\n");
    assertThat(StubFiles.validate(dir)).containsExactly(new Problem(dir.resolve("more/b.json").toString(), 2,
        "stub 1: id \"chat\" is already used by stub 1 at " + dir.resolve("a.yml") + ":1"));
  }

  @Test
  void listsProblemsFileByFileInLoadOrderEachByLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yml"), "- {id: x, match: {}, reply: {}}\n- {id: x, match: {}, reply: {}}\n- {match: {}, reply: {delay: soon}}\n");
    Files.writeString(dir.resolve("b.yml"), "- {match: {on: nope}, reply: {}}\n");
    assertThat(StubFiles.validate(dir)).extracting(p -> p.toString().substring(dir.toString().length() + 1)).containsExactly(
        "a.yml:2: stub 2: id \"x\" is already used by stub 1 at line 1",
        "a.yml:3: stub 3: reply.delay: invalid duration \"soon\"; expected 250ms, 2s, 1.5s, 1m or a number of milliseconds",
        "b.yml:1: stub 1: match.on: unknown call kind \"nope\"; expected connect, subscribe, unsubscribe, perform (or message) or disconnect");
  }

  @Test
  void reportsAMissingPathAndAFileThatIsNotText(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> StubFiles.load(missing)).hasMessage(missing + ": no such file or directory");
    Files.write(dir.resolve("bin.yml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertThat(StubFiles.validate(dir)).containsExactly(new Problem(dir.resolve("bin.yml").toString(), 0, "not UTF-8 text"));
  }
}
