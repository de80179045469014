package io.cablekit.mock.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cablekit.mock.Matchers;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.internal.matching.JsonMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The credentials seen in a recording, and how they are kept out of stub files. A secret value
 * (see {@link SecretNames}) found in a reply becomes the placeholder that gives it back from the
 * replayed call ({@code {{cookies.session}}}, {@code {{headers.x-api-token}}}, {@code
 * {{query.token}}}, {@code {{params.token}}}, ...) when the call it answers carried it, and
 * {@code [REDACTED]} otherwise. Values of {@value #MIN_SUBSTRING} characters or more are replaced
 * wherever they occur inside a string; shorter ones only where they are a whole string (a whole
 * JSON string, stream name or state value), so a cookie {@code lang=en} does not mangle every
 * "en" of a reply.
 */
public final class Redaction {
  public static final String REDACTED = "[REDACTED]";
  static final int MIN_SUBSTRING = 4;
  private static final Pattern SEGMENT = Pattern.compile("[\\w$\\-]+");

  /** A secret of one call and the placeholder that renders it from that call (null: none). */
  record Source(String value, String expression) {}

  private final Set<String> all;

  private Redaction(Set<String> all) {
    this.all = all;
  }

  /** Collects every secret value of every call. */
  public static Redaction collect(List<RpcCall> calls) {
    Set<String> all = new HashSet<>();
    for (RpcCall call : calls) {
      for (Source s : sources(call)) {
        all.add(s.value());
      }
    }
    return new Redaction(all);
  }

  /** Whether {@code text} contains (or, for short secrets, is) a secret of the recording. */
  public boolean containsSecret(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (String secret : all) {
      if (secret.length() >= MIN_SUBSTRING ? text.contains(secret) : text.equals(secret)) {
        return true;
      }
    }
    return false;
  }

  /** The substitution for replies to {@code call}: its sid, its own secrets, everyone else's. */
  public Substitution forCall(RpcCall call) {
    return forCall(call, true);
  }

  /**
   * The substitution for texts of a reply to {@code call}; without {@code withSid} the sid stays as
   * it is (for texts the mock sends verbatim, such as error messages, where no placeholder renders).
   */
  public Substitution forCall(RpcCall call, boolean withSid) {
    Map<String, String> needles = new LinkedHashMap<>();
    for (String secret : all) {
      needles.put(secret, REDACTED);
    }
    for (Source s : sources(call)) {
      needles.put(s.value(), s.expression() == null || !withSid ? REDACTED : "{{" + s.expression() + "}}");
    }
    if (withSid && call.sid().length() >= MIN_SUBSTRING && !needles.containsKey(call.sid())) {
      needles.put(call.sid(), "{{sid}}");
    }
    return new Substitution(needles);
  }

  /**
   * A JSON value to match on, with the values of secret keys, and strings holding a secret or the
   * session id {@code sid} (a replay has another), turned into {@code {$any: true}}; a value that
   * looks like an operator object is wrapped in {@code $eq} so it matches literally.
   */
  public JsonNode matchValue(JsonNode node, String sid) {
    if (node == null) {
      return null;
    }
    if (JsonMatch.isOperator(node)) {
      ObjectNode eq = JsonNodeFactory.instance.objectNode();
      eq.set("$eq", node);
      return containsSecretDeep(node, sid) ? Matchers.present() : eq;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), SecretNames.jsonKey(e.getKey()) ? Matchers.present() : matchValue(e.getValue(), sid)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(matchValue(item, sid)));
      return out;
    }
    if (node.isTextual() && secretOrSid(node.textValue(), sid)) {
      return Matchers.present();
    }
    return node;
  }

  /** Whether {@code text} holds a secret or (4 characters or more) the sid. */
  public boolean secretOrSid(String text, String sid) {
    return containsSecret(text) || (sid != null && sid.length() >= MIN_SUBSTRING && text != null && text.contains(sid));
  }

  private boolean containsSecretDeep(JsonNode node, String sid) {
    if (node.isTextual()) {
      return secretOrSid(node.textValue(), sid);
    }
    for (JsonNode child : node) {
      if (containsSecretDeep(child, sid)) {
        return true;
      }
    }
    return false;
  }

  /** The secrets a call carries, each with the placeholder giving it back from the call. */
  static List<Source> sources(RpcCall call) {
    List<Source> out = new ArrayList<>();
    String cookieHeader = call.headers().get("cookie");
    if (cookieHeader != null) {
      add(out, cookieHeader, expression("headers", "cookie"));
      for (String pair : cookieHeader.split(";")) {
        String p = pair.strip();
        int eq = p.indexOf('=');
        if (eq > 0) {
          add(out, p.substring(eq + 1).strip(), null); // the raw (still URL-encoded) form
        }
      }
      call.cookies().forEach((name, value) -> add(out, value, expression("cookies", name)));
    }
    call.headers().forEach((name, value) -> {
      if (!name.equals("cookie") && SecretNames.header(name)) {
        add(out, value, expression("headers", name));
      }
    });
    call.query().forEach((name, value) -> {
      if (SecretNames.query(name)) {
        add(out, value, expression("query", name));
      }
    });
    rawQuerySecrets(call.url(), out);
    if (call.kind().isCommand()) {
      jsonSources(call.params(), "params", false, out);
    }
    jsonSources(call.dataJson(), "data", false, out);
    jsonSources(call.identifiersJson(), "identifiers", false, out);
    return out;
  }

  /** The still URL-encoded values of secret query parameters, in case a reply echoes the URL. */
  private static void rawQuerySecrets(String url, List<Source> out) {
    String raw;
    try {
      raw = java.net.URI.create(url).getRawQuery();
    } catch (IllegalArgumentException e) {
      return;
    }
    if (raw == null) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && SecretNames.query(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8))) {
        add(out, pair.substring(eq + 1), null);
      }
    }
  }

  private static void jsonSources(JsonNode node, String path, boolean secret, List<Source> out) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (node.isObject()) {
      node.properties().forEach(e -> jsonSources(e.getValue(), segment(path, e.getKey()), secret || SecretNames.jsonKey(e.getKey()), out));
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        jsonSources(item, null, secret, out);
      }
    } else if (secret) {
      // a placeholder gives back a JSON value of the call's type: only strings come back as text
      add(out, node.asText(), node.isTextual() ? path : null);
    }
  }

  private static String segment(String path, String key) {
    return path == null || !SEGMENT.matcher(key).matches() ? null : path + "." + key;
  }

  private static String expression(String root, String name) {
    return SEGMENT.matcher(name).matches() ? root + "." + name : null;
  }

  private static void add(List<Source> out, String value, String expression) {
    if (value != null && !value.isEmpty()) {
      out.add(new Source(value, expression));
    }
  }

  /** Replaces sids and secrets in the strings of one reply. */
  public static final class Substitution {
    private final List<Map.Entry<String, String>> long_;
    private final Map<String, String> whole;
    private final List<Map.Entry<String, String>> quoted;

    Substitution(Map<String, String> needles) {
      List<Map.Entry<String, String>> l = new ArrayList<>();
      Map<String, String> w = new LinkedHashMap<>();
      List<Map.Entry<String, String>> q = new ArrayList<>();
      Map<String, String> all = new LinkedHashMap<>(needles);
      needles.forEach((value, replacement) -> {
        // inside JSON text a value may appear escaped, once or (an identifier in a frame) twice
        String once = escaped(value);
        String twice = escaped(once);
        all.putIfAbsent(once, REDACTED);
        all.putIfAbsent(twice, REDACTED);
      });
      all.forEach((value, replacement) -> {
        w.put(value, replacement);
        if (value.length() >= MIN_SUBSTRING) {
          l.add(Map.entry(value, replacement));
        } else {
          q.add(Map.entry("\"" + value + "\"", "\"" + replacement + "\""));
        }
      });
      Comparator<Map.Entry<String, String>> longestFirst = Comparator.comparingInt(e -> -e.getKey().length());
      l.sort(longestFirst);
      q.sort(longestFirst);
      this.long_ = l;
      this.whole = w;
      this.quoted = q;
    }

    private static String escaped(String value) {
      String q = io.cablekit.protocol.Json.quote(value);
      return q.substring(1, q.length() - 1);
    }

    /** A plain string: a stream name, a state value, a message, a JSON string's value. */
    public String text(String s) {
      if (s == null || s.isEmpty()) {
        return s;
      }
      String w = whole.get(s);
      if (w != null) {
        return w;
      }
      return scan(s, long_);
    }

    /** Raw JSON text (a transmission): short secrets are replaced where they are a whole JSON string. */
    public String json(String s) {
      if (s == null || s.isEmpty()) {
        return s;
      }
      List<Map.Entry<String, String>> all = new ArrayList<>(long_);
      all.addAll(quoted);
      all.sort(Comparator.comparingInt(e -> -e.getKey().length()));
      return scan(s, all);
    }

    /** Every string value inside a JSON value (keys are kept). */
    public JsonNode tree(JsonNode node) {
      if (node == null) {
        return null;
      }
      if (node.isTextual()) {
        return TextNode.valueOf(text(node.textValue()));
      }
      if (node.isObject()) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(e -> out.set(e.getKey(), tree(e.getValue())));
        return out;
      }
      if (node.isArray()) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        node.forEach(item -> out.add(tree(item)));
        return out;
      }
      return node;
    }

    /** One pass, longest needle first at each position, never rescanning a replacement. */
    private static String scan(String s, List<Map.Entry<String, String>> needles) {
      if (needles.isEmpty()) {
        return s;
      }
      StringBuilder out = null;
      int i = 0;
      int copied = 0;
      while (i < s.length()) {
        Map.Entry<String, String> hit = null;
        for (Map.Entry<String, String> n : needles) {
          if (s.startsWith(n.getKey(), i)) {
            hit = n;
            break;
          }
        }
        if (hit == null) {
          i++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, copied, i).append(hit.getValue());
        i += hit.getKey().length();
        copied = i;
      }
      if (out == null) {
        return s;
      }
      return out.append(s, copied, s.length()).toString();
    }
  }
}
