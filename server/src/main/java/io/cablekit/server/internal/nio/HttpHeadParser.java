package io.cablekit.server.internal.nio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the head of one HTTP/1.x request (request line and header fields, RFC 9112) as its bytes
 * arrive from a non-blocking socket, split anywhere. Not thread-safe: one parser per connection,
 * fed by one thread at a time.
 *
 * <p>{@link #feed} consumes bytes up to and including the blank line that ends the head and no
 * further, so whatever follows (a request body, an early WebSocket frame) stays in the buffer for
 * the next stage. Every byte is checked as it arrives, so a malformed head is refused without
 * waiting for the rest of it.
 *
 * <p>While the head is incomplete the parser keeps the parts already read (method, target, field
 * lines) and the bytes of the part being read, in an array that starts small and grows, never
 * beyond {@code maxHeadBytes}; it lets go of all of it after {@link Result#DONE} or an error.
 *
 * <p>What it accepts:
 *
 * <ul>
 *   <li>a request line {@code method SP target SP HTTP/1.1} (or {@code HTTP/1.0}): one space
 *       between parts; the method a token; the target visible ASCII without {@code #}, in origin-form ({@code /...}),
 *       absolute-form ({@code scheme://authority/...}, without userinfo) or asterisk-form
 *       ({@code *}, with {@code OPTIONS} only). A well-formed other version ({@code HTTP/2.0},
 *       {@code HTTP/1.2}) gets 505;
 *   <li>empty lines before the request line, which are skipped (RFC 9112 2.2);
 *   <li>field lines {@code name: value}: the name a token with no whitespace before the colon;
 *       the value any of HT, SP, visible ASCII and obs-text (0x80 to 0xFF, decoded as
 *       ISO-8859-1), trimmed of the SP and HT around it; an empty value is fine;
 *   <li>lines ending in CRLF or, leniently, a bare LF. A CR anywhere else is refused.
 * </ul>
 *
 * <p>Obsolete line folding (a field line starting with SP or HT), NUL and other control
 * characters, and anything else outside the above get 400; a head longer than
 * {@code maxHeadBytes} (counting every byte up to the final LF, leading empty lines included) gets
 * 431. Semantic checks (Host present and single, Content-Length, Transfer-Encoding) are left to the
 * caller.
 */
public final class HttpHeadParser {

  /**
   * What {@link #feed} made of the bytes so far: {@link #NEED_MORE}, {@link #DONE}, or an error
   * with the HTTP status to answer (400, 431 or 505) and a short reason, fit to send back (it
   * never repeats the request's bytes).
   */
  public record Result(Kind kind, int status, String reason) {
    public enum Kind {
      NEED_MORE,
      DONE,
      ERROR
    }

    /** The head is not complete yet: feed more bytes. */
    public static final Result NEED_MORE = new Result(Kind.NEED_MORE, 0, null);

    /** The head is complete: {@link HttpHeadParser#head()} returns it. */
    public static final Result DONE = new Result(Kind.DONE, 0, null);

    public Result {
      Objects.requireNonNull(kind, "kind");
      if (kind == Kind.ERROR && (status < 400 || status > 599 || reason == null)) {
        throw new IllegalArgumentException("an error needs a 4xx or 5xx status and a reason");
      }
    }

    static Result error(int status, String reason) {
      return new Result(Kind.ERROR, status, reason);
    }

    public boolean isError() {
      return kind == Kind.ERROR;
    }

    @Override
    public String toString() {
      return kind == Kind.ERROR ? status + " " + reason : kind.name();
    }
  }

  static final int BAD_REQUEST = 400;
  static final int HEAD_TOO_LARGE = 431;
  static final int VERSION_NOT_SUPPORTED = 505;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte SP = ' ';
  private static final byte HT = '\t';
  private static final int INITIAL_CAPACITY = 64;

  /** RFC 9110 5.6.2's tchar: ALPHA, DIGIT and {@code !#$%&'*+-.^_`|~}. */
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private enum State {
    /** Before the request line: empty lines are skipped. */
    START,
    METHOD,
    TARGET,
    VERSION,
    /** At the start of a field line, or of the blank line that ends the head. */
    LINE_START,
    NAME,
    VALUE,
    FINISHED
  }

  private final int maxHeadBytes;

  private State state = State.START;
  /** A CR ended the previous byte's line: only LF may follow. */
  private boolean sawCr;
  private int consumed;

  /** The bytes of the part being read; null until the first one, and again once finished. */
  private byte[] part;
  private int partLength;

  private String method;
  private String target;
  private String version;
  private String path;
  private String rawQuery;
  private String authority;
  /** The name of the field line being read, once its colon is in. */
  private String name;
  private List<HttpHead.Field> fields;

  private Result result = Result.NEED_MORE;
  private HttpHead head;

  /** @param maxHeadBytes the longest head accepted, in bytes (the server uses 16 KiB) */
  public HttpHeadParser(int maxHeadBytes) {
    if (maxHeadBytes < 1) {
      throw new IllegalArgumentException("maxHeadBytes must be positive: " + maxHeadBytes);
    }
    this.maxHeadBytes = maxHeadBytes;
  }

  /**
   * Consumes bytes from {@code bytes} (from its position to its limit) up to and including the
   * blank line that ends the head. After {@link Result#DONE} the position is just after that
   * blank line; after {@link Result#NEED_MORE} everything was consumed; after an error the
   * position is just after the byte that settled it, and the connection is best answered with the
   * error's status and closed. Once DONE or an error, further calls consume nothing and return the
   * same result.
   */
  public Result feed(ByteBuffer bytes) {
    if (state == State.FINISHED) {
      return result;
    }
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (++consumed > maxHeadBytes) {
        return fail(HEAD_TOO_LARGE, "request head larger than " + maxHeadBytes + " bytes");
      }
      Result r = step(b);
      if (r != null) {
        return r;
      }
    }
    return Result.NEED_MORE;
  }

  /** The head, once {@link #feed} returned {@link Result#DONE}. */
  public HttpHead head() {
    if (head == null) {
      throw new IllegalStateException("no complete request head: " + result);
    }
    return head;
  }

  /** The last result {@link #feed} returned. */
  public Result result() {
    return result;
  }

  /** How many bytes of the head were consumed so far. */
  public int consumed() {
    return consumed;
  }

  /** The capacity of the array holding the part being read (0 when there is none); for tests. */
  int bufferedCapacity() {
    return part == null ? 0 : part.length;
  }

  /** Handles one byte; returns the final result, or null to go on. */
  private Result step(byte b) {
    if (sawCr) {
      if (b != LF) {
        return fail(BAD_REQUEST, "CR not followed by LF");
      }
      sawCr = false;
    }
    switch (state) {
      case START -> {
        if (b == CR) {
          sawCr = true;
        } else if (b == LF) {
          // an empty line before the request line: skipped
        } else if (isTchar(b)) {
          append(b);
          state = State.METHOD;
        } else {
          return fail(BAD_REQUEST, "invalid method");
        }
      }
      case METHOD -> {
        if (isTchar(b)) {
          append(b);
        } else if (b == SP) {
          method = take();
          state = State.TARGET;
        } else if (b == CR || b == LF) {
          return fail(BAD_REQUEST, "malformed request line");
        } else {
          return fail(BAD_REQUEST, "invalid method");
        }
      }
      case TARGET -> {
        if (b == '#') { // RFC 9112 3.2: a request target never carries a fragment
          return fail(BAD_REQUEST, "fragment in request target");
        } else if (b > SP && b < 0x7f) {
          append(b);
        } else if (b == SP) {
          if (partLength == 0) {
            return fail(BAD_REQUEST, "malformed request line");
          }
          target = take();
          state = State.VERSION;
        } else if (b == CR || b == LF) {
          return fail(BAD_REQUEST, "missing HTTP version");
        } else {
          return fail(BAD_REQUEST, "invalid character in request target");
        }
      }
      case VERSION -> {
        if (b > SP && b < 0x7f) {
          append(b);
        } else if (b == CR) {
          sawCr = true;
        } else if (b == LF) {
          return endRequestLine();
        } else {
          return fail(BAD_REQUEST, "malformed HTTP version");
        }
      }
      case LINE_START -> {
        if (isTchar(b)) {
          append(b);
          state = State.NAME;
        } else if (b == CR) {
          sawCr = true;
        } else if (b == LF) {
          return finish();
        } else if (b == SP || b == HT) {
          return fail(BAD_REQUEST, "obsolete line folding");
        } else if (b == ':') {
          return fail(BAD_REQUEST, "empty header name");
        } else {
          return fail(BAD_REQUEST, "invalid header name");
        }
      }
      case NAME -> {
        if (isTchar(b)) {
          append(b);
        } else if (b == ':') {
          name = take();
          state = State.VALUE;
        } else if (b == SP || b == HT) {
          return fail(BAD_REQUEST, "whitespace before colon in header field");
        } else if (b == CR || b == LF) {
          return fail(BAD_REQUEST, "header field without colon");
        } else {
          return fail(BAD_REQUEST, "invalid header name");
        }
      }
      case VALUE -> {
        if (b == SP || b == HT) {
          if (partLength > 0) { // leading whitespace is dropped as it comes
            append(b);
          }
        } else if ((b > SP && b != 0x7f) || b < 0) { // visible ASCII or obs-text (0x80 to 0xFF)
          append(b);
        } else if (b == CR) {
          sawCr = true;
        } else if (b == LF) {
          endField();
        } else {
          return fail(BAD_REQUEST, "control character in header value");
        }
      }
      case FINISHED -> throw new IllegalStateException("finished");
    }
    return null;
  }

  private Result endRequestLine() {
    String version = take();
    if (!isVersionSyntax(version)) {
      return fail(BAD_REQUEST, "malformed HTTP version");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      return fail(VERSION_NOT_SUPPORTED, "HTTP version not supported");
    }
    String path;
    String rawQuery = null;
    String authority = null;
    if (target.charAt(0) == '/') {
      int question = target.indexOf('?');
      path = question < 0 ? target : target.substring(0, question);
      rawQuery = question < 0 ? null : target.substring(question + 1);
    } else if (target.equals("*")) {
      if (!method.equals("OPTIONS")) {
        return fail(BAD_REQUEST, "asterisk-form target is for OPTIONS only");
      }
      path = "*";
    } else {
      int afterScheme = schemeEnd(target);
      if (afterScheme < 0) {
        return fail(BAD_REQUEST, "invalid request target");
      }
      int authorityStart = afterScheme + 3; // "://"
      int authorityEnd = authorityStart;
      while (authorityEnd < target.length() && "/?".indexOf(target.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      authority = target.substring(authorityStart, authorityEnd);
      if (authority.isEmpty() || authority.indexOf('@') >= 0) {
        return fail(BAD_REQUEST, "invalid authority in request target");
      }
      String rest = target.substring(authorityEnd);
      int question = rest.indexOf('?');
      path = question < 0 ? rest : rest.substring(0, question);
      rawQuery = question < 0 ? null : rest.substring(question + 1);
      if (path.isEmpty()) {
        path = "/";
      } else if (path.charAt(0) != '/') {
        return fail(BAD_REQUEST, "invalid request target");
      }
    }
    this.version = version;
    this.path = path;
    this.rawQuery = rawQuery;
    this.authority = authority;
    fields = new ArrayList<>();
    state = State.LINE_START;
    return null;
  }

  /** Where the scheme of an absolute-form target ends (at {@code ://}), or -1 when it has none. */
  private static int schemeEnd(String target) {
    int i = 0;
    if (!isAlpha(target.charAt(0))) {
      return -1;
    }
    while (i < target.length()) {
      char c = target.charAt(i);
      if (c == ':') {
        return target.startsWith("//", i + 1) ? i : -1;
      }
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return -1;
      }
      i++;
    }
    return -1;
  }

  private void endField() {
    int end = partLength;
    while (end > 0 && (part[end - 1] == SP || part[end - 1] == HT)) {
      end--;
    }
    String value = end == 0 ? "" : new String(part, 0, end, StandardCharsets.ISO_8859_1);
    partLength = 0;
    fields.add(new HttpHead.Field(name, value));
    name = null;
    state = State.LINE_START;
  }

  private Result finish() {
    head = new HttpHead(method, target, path, rawQuery, authority, version, fields);
    release();
    result = Result.DONE;
    return result;
  }

  private Result fail(int status, String reason) {
    release();
    head = null;
    result = Result.error(status, reason);
    return result;
  }

  private void release() {
    state = State.FINISHED;
    part = null;
    partLength = 0;
    method = null;
    target = null;
    name = null;
    fields = null;
    version = null;
    path = null;
    rawQuery = null;
    authority = null;
  }

  private void append(byte b) {
    if (part == null) {
      part = new byte[Math.min(INITIAL_CAPACITY, maxHeadBytes)];
    } else if (partLength == part.length) {
      // the part is never longer than the head, which never exceeds maxHeadBytes
      part = Arrays.copyOf(part, (int) Math.min((long) part.length * 2, maxHeadBytes));
    }
    part[partLength++] = b;
  }

  private String take() {
    String s = new String(part, 0, partLength, StandardCharsets.ISO_8859_1);
    partLength = 0;
    return s;
  }

  private static boolean isTchar(byte b) {
    return b >= 0 && TCHAR[b];
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** {@code HTTP/} DIGIT {@code .} DIGIT (RFC 9112 2.3; the name is case-sensitive). */
  private static boolean isVersionSyntax(String v) {
    return v.length() == 8
        && v.startsWith("HTTP/")
        && isDigit(v.charAt(5))
        && v.charAt(6) == '.'
        && isDigit(v.charAt(7));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
