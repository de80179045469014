package io.cablekit.server.internal.nio;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cablekit.server.internal.nio.HttpHeadParser.Result;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpHeadParserTest {
  static final int MAX = 16 * 1024;

  /** What a browser sends to open a cable, as one would see it behind a TLS terminator. */
  static final String UPGRADE =
      "GET /cable?pi=3&ptp=ms HTTP/1.1\r\n"
          + "Host: app.example.com\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: keep-alive, Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: actioncable-v1-ext-json, actioncable-v1-json\r\n"
          + "Origin: https://app.example.com\r\n"
          + "Cookie: _session_id=4f2a9c81; theme=dark\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
          + "X-Request-ID: 3b1f0e6c-7d2a-4f7e-9a51-0c8d2b6e4a19\r\n"
          + "\r\n";

  /** A masked text frame ("Hello") a client may send right behind its upgrade request. */
  static final byte[] EARLY_FRAME = {
    (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58
  };

  static byte[] bytes(String s) {
    return s.getBytes(ISO_8859_1);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static HttpHead parse(String head) {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    ByteBuffer buffer = ByteBuffer.wrap(bytes(head));
    assertThat(parser.feed(buffer)).isEqualTo(Result.DONE);
    assertThat(buffer.hasRemaining()).isFalse();
    return parser.head();
  }

  /** Feeds one byte per call; every call before the last must ask for more. */
  static Result feedOneByteAtATime(HttpHeadParser parser, byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      Result result = parser.feed(ByteBuffer.wrap(bytes, i, 1));
      if (result != Result.NEED_MORE) {
        assertThat(i).as("settled at byte %d of %d", i, bytes.length).isEqualTo(bytes.length - 1);
        return result;
      }
    }
    return Result.NEED_MORE;
  }

  static Result refusal(String head) {
    return new HttpHeadParser(MAX).feed(ByteBuffer.wrap(bytes(head)));
  }

  // ---- the upgrade request

  @Test
  void readsAWebSocketUpgradeRequestFedWhole() {
    HttpHead head = parse(UPGRADE);

    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.target()).isEqualTo("/cable?pi=3&ptp=ms");
    assertThat(head.path()).isEqualTo("/cable");
    assertThat(head.rawQuery()).isEqualTo("pi=3&ptp=ms");
    assertThat(head.authority()).isNull();
    assertThat(head.version()).isEqualTo("HTTP/1.1");
    assertThat(head.first("Host")).hasValue("app.example.com");
    assertThat(head.first("Sec-WebSocket-Key")).hasValue("dGhlIHNhbXBsZSBub25jZQ==");
    assertThat(head.first("Sec-WebSocket-Version")).hasValue("13");
    assertThat(head.first("Origin")).hasValue("https://app.example.com");
    assertThat(head.first("Cookie")).hasValue("_session_id=4f2a9c81; theme=dark");
    assertThat(head.first("User-Agent")).hasValue("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    assertThat(head.first("X-Request-ID")).hasValue("3b1f0e6c-7d2a-4f7e-9a51-0c8d2b6e4a19");
    assertThat(head.hasToken("Connection", "upgrade")).isTrue();
    assertThat(head.hasToken("Upgrade", "WebSocket")).isTrue();
    assertThat(head.tokens("Sec-WebSocket-Protocol")).containsExactly("actioncable-v1-ext-json", "actioncable-v1-json");
    assertThat(head.names())
        .containsExactly(
            "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol", "Origin", "Cookie", "User-Agent", "X-Request-ID");
    assertThat(head.first("Content-Length")).isEmpty();
  }

  @Test
  void readsTheSameHeadWhereverTheBytesAreSplitInTwo() {
    HttpHead whole = parse(UPGRADE);
    byte[] all = bytes(UPGRADE);
    for (int cut = 0; cut <= all.length; cut++) {
      HttpHeadParser parser = new HttpHeadParser(MAX);
      ByteBuffer first = ByteBuffer.wrap(all, 0, cut);
      Result afterFirst = parser.feed(first);
      assertThat(first.hasRemaining()).as("cut at %d", cut).isFalse();
      if (cut < all.length) {
        assertThat(afterFirst).as("cut at %d", cut).isEqualTo(Result.NEED_MORE);
        ByteBuffer second = ByteBuffer.wrap(all, cut, all.length - cut);
        assertThat(parser.feed(second)).as("cut at %d", cut).isEqualTo(Result.DONE);
        assertThat(second.hasRemaining()).isFalse();
      } else {
        assertThat(afterFirst).isEqualTo(Result.DONE);
      }
      assertThat(parser.head()).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void readsTheSameHeadFedOneByteAtATime() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    assertThat(feedOneByteAtATime(parser, bytes(UPGRADE))).isEqualTo(Result.DONE);
    assertThat(parser.head()).isEqualTo(parse(UPGRADE));
    assertThat(parser.consumed()).isEqualTo(UPGRADE.length());
  }

  @Test
  void readsTheSameHeadFedInRandomChunks() {
    HttpHead whole = parse(UPGRADE);
    byte[] all = bytes(UPGRADE);
    Random random = new Random(20261130);
    for (int round = 0; round < 500; round++) {
      HttpHeadParser parser = new HttpHeadParser(MAX);
      Result result = Result.NEED_MORE;
      int at = 0;
      while (at < all.length) {
        int n = Math.min(1 + random.nextInt(24), all.length - at);
        result = parser.feed(ByteBuffer.wrap(all, at, n));
        at += n;
      }
      assertThat(result).isEqualTo(Result.DONE);
      assertThat(parser.head()).isEqualTo(whole);
    }
  }

  @Test
  void leavesTheBytesAfterTheBlankLineInTheBuffer() {
    byte[] head = bytes(UPGRADE);
    byte[] all = concat(head, EARLY_FRAME);
    HttpHeadParser parser = new HttpHeadParser(MAX);
    ByteBuffer buffer = ByteBuffer.wrap(all);

    assertThat(parser.feed(buffer)).isEqualTo(Result.DONE);
    assertThat(buffer.position()).isEqualTo(head.length);
    byte[] rest = new byte[buffer.remaining()];
    buffer.get(rest);
    assertThat(rest).isEqualTo(EARLY_FRAME);
    assertThat(parser.consumed()).isEqualTo(head.length);
  }

  @Test
  void leavesTheBytesAfterTheBlankLineInTheBufferWhereverTheBytesAreSplit() {
    byte[] head = bytes(UPGRADE);
    byte[] all = concat(head, EARLY_FRAME);
    HttpHead whole = parse(UPGRADE);
    for (int cut = 0; cut <= all.length; cut++) {
      HttpHeadParser parser = new HttpHeadParser(MAX);
      ByteBuffer first = ByteBuffer.wrap(all, 0, cut);
      ByteBuffer second = ByteBuffer.wrap(all, cut, all.length - cut);
      Result result = parser.feed(first);
      if (cut < head.length) {
        assertThat(result).as("cut at %d", cut).isEqualTo(Result.NEED_MORE);
        assertThat(first.hasRemaining()).isFalse();
        assertThat(parser.feed(second)).as("cut at %d", cut).isEqualTo(Result.DONE);
        assertThat(second.position()).as("cut at %d", cut).isEqualTo(head.length);
      } else {
        assertThat(result).as("cut at %d", cut).isEqualTo(Result.DONE);
        assertThat(first.position()).as("cut at %d", cut).isEqualTo(head.length);
        assertThat(parser.feed(second)).isEqualTo(Result.DONE);
        assertThat(second.position()).as("nothing more is consumed").isEqualTo(cut);
      }
      assertThat(parser.head()).isEqualTo(whole);
    }
  }

  @Test
  void readsFromADirectBuffer() {
    byte[] all = concat(bytes(UPGRADE), EARLY_FRAME);
    ByteBuffer direct = ByteBuffer.allocateDirect(all.length + 10);
    direct.put(all).flip();
    HttpHeadParser parser = new HttpHeadParser(MAX);

    assertThat(parser.feed(direct)).isEqualTo(Result.DONE);
    assertThat(direct.remaining()).isEqualTo(EARLY_FRAME.length);
    assertThat(parser.head()).isEqualTo(parse(UPGRADE));
  }

  // ---- header fields

  @Test
  void looksFieldsUpByAnyCaseAndKeepsEveryValueInOrder() {
    HttpHead head =
        parse(
            "GET /cable HTTP/1.1\r\n"
                + "Host: a.example\r\n"
                + "Cookie: a=1\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\n"
                + "cookie: b=2\r\n"
                + "x-forwarded-for: 10.0.0.1, 10.0.0.2\r\n"
                + "COOKIE: c=3\r\n"
                + "\r\n");

    assertThat(head.all("cookie")).containsExactly("a=1", "b=2", "c=3");
    assertThat(head.all("Cookie")).isEqualTo(head.all("COOKIE"));
    assertThat(head.first("X-FORWARDED-FOR")).hasValue("203.0.113.7");
    assertThat(head.all("x-Forwarded-for")).containsExactly("203.0.113.7", "10.0.0.1, 10.0.0.2");
    assertThat(head.tokens("X-Forwarded-For")).containsExactly("203.0.113.7", "10.0.0.1", "10.0.0.2");
    assertThat(head.all("Absent")).isEmpty();
    assertThat(head.first("Absent")).isEmpty();
    assertThat(head.has("HOST")).isTrue();
    assertThat(head.has("Absent")).isFalse();
    assertThat(head.names()).as("distinct, spelled as first sent").containsExactly("Host", "Cookie", "X-Forwarded-For");
    assertThat(head.fields())
        .extracting(HttpHead.Field::name)
        .containsExactly("Host", "Cookie", "X-Forwarded-For", "cookie", "x-forwarded-for", "COOKIE");
  }

  @Test
  void readsCommaSeparatedTokensAcrossFieldLinesDroppingEmptyOnes() {
    HttpHead head =
        parse(
            "GET /cable HTTP/1.1\r\n"
                + "Connection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Protocol: actioncable-v1-ext-json,actioncable-v1-json\r\n"
                + "sec-websocket-protocol:  , x-custom ,,\t y \t,\r\n"
                + "Upgrade: WebSocket\r\n"
                + "X-Empty:\r\n"
                + "\r\n");

    assertThat(head.tokens("Connection")).containsExactly("keep-alive", "Upgrade");
    assertThat(head.hasToken("connection", "UPGRADE")).isTrue();
    assertThat(head.hasToken("Connection", "close")).isFalse();
    assertThat(head.hasToken("Connection", "Upgra")).as("whole tokens only").isFalse();
    assertThat(head.tokens("Sec-WebSocket-Protocol"))
        .as("case kept, in order across lines")
        .containsExactly("actioncable-v1-ext-json", "actioncable-v1-json", "x-custom", "y");
    assertThat(head.hasToken("Upgrade", "websocket")).isTrue();
    assertThat(head.tokens("X-Empty")).isEmpty();
    assertThat(head.tokens("Absent")).isEmpty();
    assertThat(head.hasToken("Absent", "x")).isFalse();
  }

  @Test
  void trimsOptionalWhitespaceAroundValuesButKeepsItInside() {
    HttpHead head =
        parse(
            "GET / HTTP/1.1\r\n"
                + "Host:app.example.com\r\n"
                + "X-Spaced: \t  a \t b  \t \r\n"
                + "X-Tab:\tone\ttwo\t\r\n"
                + "\r\n");

    assertThat(head.first("Host")).hasValue("app.example.com");
    assertThat(head.first("X-Spaced")).hasValue("a \t b");
    assertThat(head.first("X-Tab")).hasValue("one\ttwo");
  }

  @Test
  void acceptsAnEmptyValue() {
    HttpHead head = parse("GET / HTTP/1.1\r\nX-Empty:\r\nX-Blank:  \t \r\nHost: a\r\n\r\n");

    assertThat(head.first("X-Empty")).hasValue("");
    assertThat(head.first("X-Blank")).hasValue("");
    assertThat(head.has("x-empty")).isTrue();
    assertThat(head.all("X-Blank")).containsExactly("");
    assertThat(head.first("Host")).hasValue("a");
  }

  @Test
  void decodesBytesAbove0x7fAsIso88591() {
    byte[] request =
        concat(
            concat(bytes("GET / HTTP/1.1\r\nX-Name: Ren"), new byte[] {(byte) 0xe9, ' ', (byte) 0xff}),
            bytes("\r\n\r\n"));
    HttpHeadParser parser = new HttpHeadParser(MAX);

    assertThat(parser.feed(ByteBuffer.wrap(request))).isEqualTo(Result.DONE);
    assertThat(parser.head().first("X-Name")).hasValue("René ÿ");
  }

  @Test
  void acceptsTokenCharactersInNamesAndMethods() {
    HttpHead head = parse("M-SEARCH / HTTP/1.1\r\nX!#$%&'*+-.^_`|~09: v\r\n\r\n");

    assertThat(head.method()).isEqualTo("M-SEARCH");
    assertThat(head.first("x!#$%&'*+-.^_`|~09")).hasValue("v");
    assertThat(parse("get / HTTP/1.1\r\n\r\n").method()).as("methods are case-sensitive, kept as sent").isEqualTo("get");
  }

  @Test
  void acceptsAHeadWithoutFields() {
    HttpHead head = parse("GET /cable HTTP/1.1\r\n\r\n");

    assertThat(head.fields()).isEmpty();
    assertThat(head.names()).isEmpty();
  }

  // ---- line endings

  @Test
  void acceptsBareLfLineEndings() {
    HttpHead crlf = parse(UPGRADE);
    String lf = UPGRADE.replace("\r\n", "\n");

    assertThat(parse(lf)).isEqualTo(crlf);
    HttpHeadParser parser = new HttpHeadParser(MAX);
    assertThat(feedOneByteAtATime(parser, bytes(lf))).isEqualTo(Result.DONE);
    assertThat(parser.head()).isEqualTo(crlf);
  }

  @Test
  void acceptsCrlfAndBareLfMixed() {
    HttpHead head = parse("GET /cable HTTP/1.1\nHost: a\r\nUpgrade: websocket\n\r\n");

    assertThat(head.first("Host")).hasValue("a");
    assertThat(head.first("Upgrade")).hasValue("websocket");
  }

  @Test
  void leavesWhatFollowsABareLfBlankLineInTheBuffer() {
    ByteBuffer buffer = ByteBuffer.wrap(concat(bytes("GET / HTTP/1.1\nHost: a\n\n"), EARLY_FRAME));
    HttpHeadParser parser = new HttpHeadParser(MAX);

    assertThat(parser.feed(buffer)).isEqualTo(Result.DONE);
    assertThat(buffer.remaining()).isEqualTo(EARLY_FRAME.length);
  }

  @Test
  void skipsEmptyLinesBeforeTheRequestLine() {
    HttpHead head = parse("\r\n\nGET /cable HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.first("Host")).hasValue("a");
  }

  // ---- request line and target forms

  @Test
  void acceptsHttp10() {
    HttpHead head = parse("GET /health HTTP/1.0\r\n\r\n");

    assertThat(head.version()).isEqualTo("HTTP/1.0");
    assertThat(head.path()).isEqualTo("/health");
  }

  @Test
  void splitsAnOriginFormTargetAtTheFirstQuestionMarkWithoutDecoding() {
    assertThat(parse("GET /cable HTTP/1.1\r\n\r\n").rawQuery()).isNull();

    HttpHead empty = parse("GET /cable? HTTP/1.1\r\n\r\n");
    assertThat(empty.path()).isEqualTo("/cable");
    assertThat(empty.rawQuery()).isEmpty();

    HttpHead twice = parse("GET /a%20b/c?x=1?y=%2F HTTP/1.1\r\n\r\n");
    assertThat(twice.path()).isEqualTo("/a%20b/c");
    assertThat(twice.rawQuery()).isEqualTo("x=1?y=%2F");
    assertThat(twice.target()).isEqualTo("/a%20b/c?x=1?y=%2F");
  }

  @Test
  void derivesPathAndQueryFromAnAbsoluteFormTarget() {
    HttpHead head = parse("GET http://app.example.com:8080/cable?pi=3 HTTP/1.1\r\nHost: other\r\n\r\n");

    assertThat(head.target()).isEqualTo("http://app.example.com:8080/cable?pi=3");
    assertThat(head.authority()).isEqualTo("app.example.com:8080");
    assertThat(head.path()).isEqualTo("/cable");
    assertThat(head.rawQuery()).isEqualTo("pi=3");
    assertThat(head.first("Host")).as("left to the caller").hasValue("other");
  }

  @Test
  void anAbsoluteFormTargetWithoutAPathHasTheRootPath() {
    HttpHead bare = parse("GET wss://app.example.com HTTP/1.1\r\n\r\n");
    assertThat(bare.authority()).isEqualTo("app.example.com");
    assertThat(bare.path()).isEqualTo("/");
    assertThat(bare.rawQuery()).isNull();

    HttpHead query = parse("GET HTTPS://[2001:db8::1]:443?x=1 HTTP/1.1\r\n\r\n");
    assertThat(query.authority()).isEqualTo("[2001:db8::1]:443");
    assertThat(query.path()).isEqualTo("/");
    assertThat(query.rawQuery()).isEqualTo("x=1");
  }

  @Test
  void acceptsTheAsteriskFormForOptions() {
    HttpHead head = parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(head.target()).isEqualTo("*");
    assertThat(head.path()).isEqualTo("*");
    assertThat(head.rawQuery()).isNull();
    assertThat(head.authority()).isNull();
  }

  // ---- refusals

  static Stream<Arguments> malformed() {
    String ok = "GET /cable HTTP/1.1\r\n";
    return Stream.of(
        // request line
        arguments("a method with a non-token character", "GE(T / HTTP/1.1\r\n\r\n", 400, "invalid method"),
        arguments("whitespace before the method", " GET / HTTP/1.1\r\n\r\n", 400, "invalid method"),
        arguments("a request line of a method only", "GET\r\n\r\n", 400, "malformed request line"),
        arguments("two spaces after the method", "GET  / HTTP/1.1\r\n\r\n", 400, "malformed request line"),
        arguments("no version", "GET /cable\r\n\r\n", 400, "missing HTTP version"),
        arguments("no version after a space", "GET /cable \r\n\r\n", 400, "malformed HTTP version"),
        arguments("a space after the version", "GET / HTTP/1.1 \r\n\r\n", 400, "malformed HTTP version"),
        arguments("a tab in the target", "GET /a\tb HTTP/1.1\r\n\r\n", 400, "invalid character in request target"),
        arguments("NUL in the target", "GET /a\0b HTTP/1.1\r\n\r\n", 400, "invalid character in request target"),
        arguments("DEL in the target", "GET /a\u007fb HTTP/1.1\r\n\r\n", 400, "invalid character in request target"),
        arguments("a byte above 0x7f in the target", "GET /caf\u00e9 HTTP/1.1\r\n\r\n", 400, "invalid character in request target"),
        arguments("a fragment in the target", "GET /cable#top HTTP/1.1\r\n\r\n", 400, "fragment in request target"),
        arguments("a relative target", "GET cable HTTP/1.1\r\n\r\n", 400, "invalid request target"),
        arguments("an authority-form target", "CONNECT app.example.com:443 HTTP/1.1\r\n\r\n", 400, "invalid request target"),
        arguments("the asterisk-form with GET", "GET * HTTP/1.1\r\n\r\n", 400, "OPTIONS only"),
        arguments("an absolute-form target with userinfo", "GET http://user:pw@app.example.com/ HTTP/1.1\r\n\r\n", 400, "invalid authority"),
        arguments("an absolute-form target with no authority", "GET http:///cable HTTP/1.1\r\n\r\n", 400, "invalid authority"),
        arguments("a scheme without //", "GET http:/cable HTTP/1.1\r\n\r\n", 400, "invalid request target"),
        arguments("a scheme starting with a digit", "GET 1http://a/ HTTP/1.1\r\n\r\n", 400, "invalid request target"),
        arguments("an absolute-form target with a fragment", "GET http://a#x HTTP/1.1\r\n\r\n", 400, "fragment in request target"),
        arguments("a lower-case protocol name", "GET / http/1.1\r\n\r\n", 400, "malformed HTTP version"),
        arguments("a version with two major digits", "GET / HTTP/10.0\r\n\r\n", 400, "malformed HTTP version"),
        arguments("a version without a minor", "GET / HTTP/1\r\n\r\n", 400, "malformed HTTP version"),
        arguments("a version with a letter", "GET / HTTP/1.x\r\n\r\n", 400, "malformed HTTP version"),
        arguments("another protocol", "GET / HTTPS/1.1\r\n\r\n", 400, "malformed HTTP version"),
        arguments("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", 505, "HTTP version not supported"),
        arguments("the HTTP/2 connection preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "HTTP version not supported"),
        arguments("HTTP/1.2", "GET / HTTP/1.2\r\n\r\n", 505, "HTTP version not supported"),
        arguments("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505, "HTTP version not supported"),
        arguments("HTTP/3.0", "GET / HTTP/3.0\r\n\r\n", 505, "HTTP version not supported"),
        // field lines
        arguments("a space before the colon", ok + "Host : a\r\n\r\n", 400, "whitespace before colon"),
        arguments("a tab before the colon", ok + "Host\t: a\r\n\r\n", 400, "whitespace before colon"),
        arguments("a name with a space inside", ok + "X Forwarded: a\r\n\r\n", 400, "whitespace before colon"),
        arguments("a field line without a colon", ok + "Host\r\n\r\n", 400, "header field without colon"),
        arguments("a field line without a colon, bare LF", ok + "Host\n\n", 400, "header field without colon"),
        arguments("an empty name", ok + ": a\r\n\r\n", 400, "empty header name"),
        arguments("a name with a non-token character", ok + "X(A): 1\r\n\r\n", 400, "invalid header name"),
        arguments("a name with a byte above 0x7f", ok + "\u00c4: 1\r\n\r\n", 400, "invalid header name"),
        arguments("a line folded with a space", ok + "X-A: 1\r\n continued\r\n\r\n", 400, "obsolete line folding"),
        arguments("a line folded with a tab", ok + "X-A: 1\r\n\tcontinued\r\n\r\n", 400, "obsolete line folding"),
        arguments("whitespace before the first field", ok + " Host: a\r\n\r\n", 400, "obsolete line folding"),
        arguments("NUL in a value", ok + "X-A: a\0b\r\n\r\n", 400, "control character in header value"),
        arguments("SOH in a value", ok + "X-A: a\u0001\r\n\r\n", 400, "control character in header value"),
        arguments("ESC in a value", ok + "X-A: \u001b[31m\r\n\r\n", 400, "control character in header value"),
        arguments("VT in a value", ok + "X-A: a\u000bb\r\n\r\n", 400, "control character in header value"),
        arguments("FF in a value", ok + "X-A: a\fb\r\n\r\n", 400, "control character in header value"),
        arguments("DEL in a value", ok + "X-A: a\u007f\r\n\r\n", 400, "control character in header value"),
        arguments("a CR inside a value", ok + "X-A: a\rb\r\n\r\n", 400, "CR not followed by LF"),
        arguments("a CR CR LF line end", ok + "X-A: a\r\r\n\r\n", 400, "CR not followed by LF"),
        arguments("a bare CR ending the request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400, "CR not followed by LF"),
        arguments("a bare CR as the blank line", ok + "Host: a\r\n\rX", 400, "CR not followed by LF"),
        arguments("a bare CR before the request line", "\rGET / HTTP/1.1\r\n\r\n", 400, "CR not followed by LF"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformed")
  void refusesWithAStatusAndAReason(String what, String request, int status, String reason) {
    Result result = refusal(request);

    assertThat(result.isError()).isTrue();
    assertThat(result.kind()).isEqualTo(Result.Kind.ERROR);
    assertThat(result.status()).isEqualTo(status);
    assertThat(result.reason()).contains(reason);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformed")
  void refusesTheSameWayFedOneByteAtATime(String what, String request, int status, String reason) {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    byte[] all = bytes(request);
    Result result = Result.NEED_MORE;
    for (int i = 0; i < all.length && !result.isError(); i++) {
      result = parser.feed(ByteBuffer.wrap(all, i, 1));
      assertThat(result).isNotEqualTo(Result.DONE);
    }

    assertThat(result).isEqualTo(refusal(request));
  }

  @Test
  void refusesAsSoonAsTheOffendingByteArrivesAndStopsThere() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    ByteBuffer buffer = ByteBuffer.wrap(bytes("GET /cable HTTP/1.1\r\nX-A: a\0 and much more to come"));

    Result result = parser.feed(buffer);

    assertThat(result.status()).isEqualTo(400);
    assertThat(buffer.position()).as("just after the NUL").isEqualTo("GET /cable HTTP/1.1\r\nX-A: a\0".length());
  }

  @Test
  void theReasonNeverEchoesTheRequest() {
    Result result = refusal("GET /cable HTTP/1.1\r\n<script>: x\r\n\r\n");

    assertThat(result).isEqualTo(Result.error(400, "invalid header name"));
    assertThat(result.toString()).isEqualTo("400 invalid header name");
  }

  // ---- the size limit

  /** A head of exactly {@code size} bytes (blank line included), padded in one field value. */
  static String headOfSize(int size, String lineEnd) {
    String start = "GET /cable HTTP/1.1" + lineEnd + "Host: a" + lineEnd + "X-Pad: ";
    String end = lineEnd + lineEnd;
    String head = start + "p".repeat(size - start.length() - end.length()) + end;
    assertThat(head).hasSize(size);
    return head;
  }

  @Test
  void acceptsAHeadOfExactlyTheLimit() {
    for (int limit : new int[] {64, 300, MAX}) {
      HttpHeadParser parser = new HttpHeadParser(limit);
      ByteBuffer buffer = ByteBuffer.wrap(bytes(headOfSize(limit, "\r\n")));

      assertThat(parser.feed(buffer)).as("limit %d", limit).isEqualTo(Result.DONE);
      assertThat(parser.consumed()).isEqualTo(limit);
      assertThat(parser.head().first("X-Pad").orElseThrow()).matches("p+");
    }
  }

  @Test
  void refusesAHeadOneByteOverTheLimitWith431() {
    for (int limit : new int[] {64, 300, MAX}) {
      Result result = new HttpHeadParser(limit).feed(ByteBuffer.wrap(bytes(headOfSize(limit + 1, "\r\n"))));

      assertThat(result.status()).as("limit %d", limit).isEqualTo(431);
      assertThat(result.reason()).isEqualTo("request head larger than " + limit + " bytes");
    }
  }

  @Test
  void theLimitCountsBareLfLineEndingsAsOneByte() {
    assertThat(new HttpHeadParser(100).feed(ByteBuffer.wrap(bytes(headOfSize(100, "\n"))))).isEqualTo(Result.DONE);
    assertThat(new HttpHeadParser(100).feed(ByteBuffer.wrap(bytes(headOfSize(101, "\n")))).status()).isEqualTo(431);
  }

  @Test
  void theLimitHoldsFedOneByteAtATime() {
    HttpHeadParser exact = new HttpHeadParser(300);
    assertThat(feedOneByteAtATime(exact, bytes(headOfSize(300, "\r\n")))).isEqualTo(Result.DONE);

    HttpHeadParser over = new HttpHeadParser(300);
    byte[] tooLong = bytes(headOfSize(301, "\r\n"));
    Result result = Result.NEED_MORE;
    int fed = 0;
    while (!result.isError()) {
      result = over.feed(ByteBuffer.wrap(tooLong, fed++, 1));
    }
    assertThat(result.status()).isEqualTo(431);
    assertThat(fed).as("refused at byte limit + 1, the last one").isEqualTo(301);
  }

  @Test
  void bytesAfterTheHeadDoNotCountTowardsTheLimit() {
    byte[] head = bytes(headOfSize(300, "\r\n"));
    ByteBuffer buffer = ByteBuffer.wrap(concat(head, new byte[1000]));
    HttpHeadParser parser = new HttpHeadParser(300);

    assertThat(parser.feed(buffer)).isEqualTo(Result.DONE);
    assertThat(buffer.position()).isEqualTo(300);
  }

  @Test
  void refusesWith431BeforeTheHeadEnds() {
    String endless = "GET /" + "a".repeat(500);
    ByteBuffer buffer = ByteBuffer.wrap(bytes(endless));

    Result result = new HttpHeadParser(300).feed(buffer);

    assertThat(result.status()).isEqualTo(431);
    assertThat(buffer.position()).as("stopped at byte limit + 1").isEqualTo(301);
  }

  @Test
  void emptyLinesBeforeTheRequestLineCountTowardsTheLimit() {
    String head = "\r\n".repeat(10) + headOfSize(100, "\r\n");

    assertThat(new HttpHeadParser(120).feed(ByteBuffer.wrap(bytes(head)))).isEqualTo(Result.DONE);
    assertThat(new HttpHeadParser(119).feed(ByteBuffer.wrap(bytes(head))).status()).isEqualTo(431);
  }

  @Test
  void hasNoLimitOnTheNumberOfFieldsBeyondTheHeadSize() {
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 1000; i++) {
      head.append("X-").append(i).append(": ").append(i).append("\r\n");
    }
    head.append("\r\n");

    HttpHead parsed = parse(head.toString());

    assertThat(head.length()).isLessThan(MAX);
    assertThat(parsed.fields()).hasSize(1000);
    assertThat(parsed.first("x-999")).hasValue("999");
  }

  // ---- memory and lifecycle

  @Test
  void keepsASmallBufferThatGrowsWithTheLongestPartAndIsReleasedWhenDone() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    assertThat(parser.bufferedCapacity()).as("nothing before the first byte").isZero();

    parser.feed(ByteBuffer.wrap(bytes("GET /cable HTTP/1.1\r\nHost: a")));
    assertThat(parser.bufferedCapacity()).isPositive().isLessThanOrEqualTo(64);

    parser.feed(ByteBuffer.wrap(bytes("\r\nCookie: " + "c".repeat(1000))));
    assertThat(parser.bufferedCapacity()).isBetween(1000, 2048);

    assertThat(parser.feed(ByteBuffer.wrap(bytes("\r\n\r\n")))).isEqualTo(Result.DONE);
    assertThat(parser.bufferedCapacity()).isZero();
  }

  @Test
  void neverBuffersMoreThanTheLimitAndReleasesTheBufferOnError() {
    HttpHeadParser parser = new HttpHeadParser(100);
    parser.feed(ByteBuffer.wrap(bytes("GET /" + "a".repeat(90))));
    assertThat(parser.bufferedCapacity()).isBetween(91, 100);

    assertThat(parser.feed(ByteBuffer.wrap(bytes("a".repeat(20)))).status()).isEqualTo(431);
    assertThat(parser.bufferedCapacity()).isZero();
  }

  @Test
  void asksForMoreWhenGivenNothing() {
    HttpHeadParser parser = new HttpHeadParser(MAX);

    assertThat(parser.feed(ByteBuffer.allocate(0))).isEqualTo(Result.NEED_MORE);
    assertThat(parser.result()).isEqualTo(Result.NEED_MORE);
    assertThat(parser.consumed()).isZero();
  }

  @Test
  void consumesNothingMoreOnceDone() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    parser.feed(ByteBuffer.wrap(bytes(UPGRADE)));
    HttpHead head = parser.head();
    ByteBuffer next = ByteBuffer.wrap(bytes("GET /again HTTP/1.1\r\n\r\n"));

    assertThat(parser.feed(next)).isEqualTo(Result.DONE);
    assertThat(next.position()).isZero();
    assertThat(parser.head()).isSameAs(head);
  }

  @Test
  void keepsTheErrorOnceRefusedAndHasNoHead() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    Result error = parser.feed(ByteBuffer.wrap(bytes("GET / HTTP/2.0\r\n")));
    ByteBuffer next = ByteBuffer.wrap(bytes("\r\n"));

    assertThat(parser.feed(next)).isEqualTo(error);
    assertThat(next.position()).isZero();
    assertThat(parser.result()).isEqualTo(error);
    assertThatThrownBy(parser::head).isInstanceOf(IllegalStateException.class).hasMessageContaining("505");
  }

  @Test
  void hasNoHeadBeforeTheBlankLine() {
    HttpHeadParser parser = new HttpHeadParser(MAX);
    parser.feed(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n")));

    assertThatThrownBy(parser::head).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new HttpHeadParser(0)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- the value

  @Test
  void aHeadIsImmutableAndItsToStringLeavesOutValuesAndTheQuery() {
    HttpHead head = parse(UPGRADE);

    assertThatThrownBy(() -> head.fields().add(new HttpHead.Field("X", "y"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> head.all("Cookie").add("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> head.names().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(head.toString())
        .contains("GET /cable HTTP/1.1", "Cookie")
        .doesNotContain("_session_id", "dGhlIHNhbXBsZSBub25jZQ==", "pi=3");
  }

  @Test
  void aHeadCanBeBuiltDirectlyForOtherTests() {
    HttpHead head =
        new HttpHead(
            "GET", "/cable", "/cable", null, null, "HTTP/1.1",
            List.of(new HttpHead.Field("Sec-WebSocket-Protocol", "actioncable-v1-json")));

    assertThat(head.tokens("sec-websocket-protocol")).containsExactly("actioncable-v1-json");
    assertThat(head.first("Host")).isEqualTo(Optional.empty());
  }
}
