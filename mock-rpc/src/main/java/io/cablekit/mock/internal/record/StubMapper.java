package io.cablekit.mock.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Message;
import io.cablekit.mock.Kind;
import io.cablekit.mock.Matchers;
import io.cablekit.mock.Recorder;
import io.cablekit.mock.Reply;
import io.cablekit.mock.RequestPattern;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.Stub;
import io.cablekit.mock.internal.reply.ReplyRenderer;
import io.cablekit.mock.internal.reply.Templates;
import io.cablekit.protocol.Json;
import io.cablekit.protocol.ServerFrames;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.Broadcast;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns recorded exchanges into stubs that answer the same calls the same way (the mapping rules
 * are listed in the {@code Recorder} Javadoc). Pure: the same exchanges always give the same
 * stubs, in the order their calls were first seen.
 */
public final class StubMapper {
  /** The stubs, and what the stubs cannot reproduce exactly. */
  public record Result(List<Stub> stubs, List<String> warnings) {}

  private record Entry(
      long seq, RpcCall call, String group, RequestPattern base, Map<String, JsonNode> features, ReplySpec reply) {}

  private static final String SOURCE = "recorder";
  private static final int DEFAULT_PRIORITY = 5;

  private final Redaction redaction;
  private final List<String> warnings = new ArrayList<>();

  private StubMapper(Redaction redaction) {
    this.redaction = redaction;
  }

  /** Maps exchanges (any order; sorted by {@code seq}) to stubs. */
  public static Result map(List<Recorder.Exchange> exchanges) {
    List<Recorder.Exchange> sorted = new ArrayList<>(exchanges);
    sorted.sort(Comparator.comparingLong(Recorder.Exchange::seq));
    StubMapper mapper = new StubMapper(Redaction.collect(sorted.stream().map(Recorder.Exchange::call).toList()));
    return mapper.run(sorted);
  }

  private Result run(List<Recorder.Exchange> exchanges) {
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    for (Recorder.Exchange ex : exchanges) {
      Entry e = entry(ex);
      groups.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(e);
    }
    Map<String, Integer> levels = levels(groups);
    int maxLevel = levels.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Stub> stubs = new ArrayList<>();
    groups.forEach((key, entries) -> {
      int priority = DEFAULT_PRIORITY + maxLevel - levels.get(key);
      for (Stub s : build(entries)) {
        if (s == null) {
          continue;
        }
        stubs.add(priority == DEFAULT_PRIORITY ? s
            : new Stub(s.id(), s.name(), priority, s.pattern(), s.replies(), null, null, null, SOURCE));
      }
    });
    return new Result(List.copyOf(stubs), List.copyOf(warnings));
  }

  // ---- one exchange ----

  private Entry entry(Recorder.Exchange ex) {
    RpcCall call = ex.call();
    RequestPattern base = basePattern(ex.seq(), call);
    return new Entry(ex.seq(), call, groupKey(call.kind(), base), base, features(call), reply(ex));
  }

  private RequestPattern basePattern(long seq, RpcCall call) {
    Kind kind = call.kind();
    RequestPattern p = RequestPattern.of(kind);
    if (!kind.isCommand()) {
      return p;
    }
    if (call.identifierJson().isMissingNode()) {
      warn(seq, call, "the identifier is not JSON, so the stub matches any " + kind.label());
      return p;
    }
    if (!call.channel().isEmpty()) {
      p = p.withChannel(call.channel());
    }
    if (!call.params().isEmpty()) {
      p = p.withParams(redaction.matchValue(call.params(), call.sid()));
    }
    if (kind == Kind.PERFORM) {
      if (!call.action().isEmpty()) {
        p = p.withAction(call.action());
      }
      JsonNode data = call.dataJson();
      if (data.isMissingNode()) {
        if (!call.data().isEmpty()) {
          warn(seq, call, "the perform data is not JSON, so the stub does not match on it");
        }
      } else {
        JsonNode match = data;
        if (data.isObject() && data.has("action") && !call.action().isEmpty()) {
          ObjectNode rest = ((ObjectNode) data).deepCopy();
          rest.remove("action");
          match = rest;
        }
        if (!(match.isObject() && match.isEmpty())) {
          p = p.withData(redaction.matchValue(match, call.sid()));
        }
      }
    }
    return p;
  }

  private static String groupKey(Kind kind, RequestPattern p) {
    return kind.label() + "|" + Objects.toString(p.channel(), "") + "|" + Objects.toString(p.action(), "")
        + "|" + canonical(p.params()) + "|" + canonical(p.data());
  }

  /** JSON text with object keys sorted, so key order does not split a group. */
  private static String canonical(JsonNode node) {
    if (node == null) {
      return "";
    }
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      new TreeMap<>(propertiesOf(node)).forEach((k, v) -> out.append(Json.quote(k)).append(':').append(canonical(v)).append(','));
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      node.forEach(item -> out.append(canonical(item)).append(','));
      return out.append(']').toString();
    }
    return node.toString();
  }

  private static Map<String, JsonNode> propertiesOf(JsonNode node) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  // ---- features that may tell calls of one group apart ----

  /**
   * Connect: path, query parameters, headers (values; presence only for secret names), cookies
   * (presence only). Commands and Disconnect: the connection identifiers' top-level keys.
   */
  private Map<String, JsonNode> features(RpcCall call) {
    Map<String, JsonNode> out = new TreeMap<>();
    if (call.kind() == Kind.CONNECT) {
      out.put("1:path", TextNode.valueOf(call.path()));
      call.query().forEach((name, value) ->
          out.put("2:query." + name, SecretNames.query(name) || redaction.secretOrSid(value, call.sid()) ? Matchers.present() : TextNode.valueOf(value)));
      call.headers().forEach((name, value) -> {
        if (!name.equals("cookie") && !name.equalsIgnoreCase("remote_addr")) {
          out.put("3:headers." + name, SecretNames.header(name) || redaction.secretOrSid(value, call.sid()) ? Matchers.present() : TextNode.valueOf(value));
        }
      });
      call.cookies().keySet().forEach(name -> out.put("4:cookies." + name, Matchers.present()));
    } else {
      JsonNode ids = call.identifiersJson();
      if (ids.isObject()) {
        ids.properties().forEach(e -> out.put("5:identifiers." + e.getKey(),
            SecretNames.jsonKey(e.getKey()) ? Matchers.present() : exactly(e.getValue(), call.sid())));
      } else if (!ids.isMissingNode()) {
        out.put("5:identifiers", exactly(ids, call.sid()));
      }
    }
    return out;
  }

  /**
   * A feature value that matches exactly what feature equality assumes: scalars as they are,
   * objects and arrays under {@code $eq} (a partial match would also accept larger values), and
   * anything holding a secret or the sid as mere presence.
   */
  private JsonNode exactly(JsonNode value, String sid) {
    JsonNode redacted = redaction.matchValue(value, sid);
    if (!redacted.equals(value)) {
      return Matchers.present();
    }
    if (value.isContainerNode()) {
      ObjectNode eq = JsonNodeFactory.instance.objectNode();
      eq.set("$eq", value);
      return eq;
    }
    return value;
  }

  private static RequestPattern withFeature(RequestPattern p, String key, JsonNode value, ObjectNode identifiers) {
    String name = key.substring(2);
    int dot = name.indexOf('.');
    String root = dot < 0 ? name : name.substring(0, dot);
    String rest = dot < 0 ? "" : name.substring(dot + 1);
    return switch (root) {
      case "path" -> p.withPath(value);
      case "query" -> p.withQuery(rest, value);
      case "headers" -> p.withHeader(rest, value);
      case "cookies" -> p.withCookie(rest, value);
      default -> {
        if (rest.isEmpty()) {
          yield p.withIdentifiers(value);
        }
        identifiers.set(rest, value);
        yield p;
      }
    };
  }

  // ---- grouping: one reply, a sequence, or stubs told apart by features ----

  private List<Stub> build(List<Entry> entries) {
    Entry first = entries.get(0);
    List<ReplySpec> all = entries.stream().map(Entry::reply).toList();
    if (all.stream().distinct().count() == 1) {
      return java.util.Collections.singletonList(stub(first, first.base(), List.of(all.get(0))));
    }
    Map<Map<String, JsonNode>, List<Entry>> parts = new LinkedHashMap<>();
    TreeSet<String> keys = new TreeSet<>();
    entries.forEach(e -> keys.addAll(e.features().keySet()));
    for (Entry e : entries) {
      parts.computeIfAbsent(vector(e, keys), k -> new ArrayList<>()).add(e);
    }
    if (parts.size() == 1) {
      return java.util.Collections.singletonList(stub(first, first.base(), collapse(all)));
    }
    // parts answered with one and the same reply share a stub when some features set them apart
    List<List<Entry>> classes = new ArrayList<>();
    Map<ReplySpec, List<Entry>> single = new LinkedHashMap<>();
    for (List<Entry> part : parts.values()) {
      List<ReplySpec> replies = collapse(part.stream().map(Entry::reply).toList());
      if (replies.size() == 1) {
        ReplySpec r = replies.get(0);
        if (!single.containsKey(r)) {
          single.put(r, new ArrayList<>());
          classes.add(single.get(r));
        }
        single.get(r).addAll(part);
      } else {
        classes.add(part);
      }
    }
    List<Stub> out = new ArrayList<>();
    for (List<Entry> cls : classes) {
      List<Entry> others = entries.stream().filter(e -> !cls.contains(e)).toList();
      Map<String, JsonNode> chosen = separate(cls, others, keys);
      if (chosen != null) {
        out.add(stub(cls.get(0), apply(cls.get(0).base(), chosen), collapse(cls.stream().sorted(Comparator.comparingLong(Entry::seq)).map(Entry::reply).toList())));
        continue;
      }
      for (List<Entry> part : parts.values()) {
        if (!cls.containsAll(part)) {
          continue;
        }
        List<Entry> rest = entries.stream().filter(e -> !part.contains(e)).toList();
        Map<String, JsonNode> own = separate(part, rest, keys);
        if (own == null) {
          // cannot happen (parts differ in at least one feature); stay correct for this recording anyway
          warn(first.seq(), first.call(), "could not tell the calls apart; answering them as one sequence");
          return java.util.Collections.singletonList(stub(first, first.base(), collapse(all)));
        }
        out.add(stub(part.get(0), apply(part.get(0).base(), own), collapse(part.stream().map(Entry::reply).toList())));
      }
    }
    return out;
  }

  private static Map<String, JsonNode> vector(Entry e, TreeSet<String> keys) {
    Map<String, JsonNode> v = new TreeMap<>();
    for (String k : keys) {
      v.put(k, e.features().getOrDefault(k, Matchers.absent()));
    }
    return v;
  }

  /**
   * Greedily picks features on which every call of {@code cls} agrees until none of {@code others}
   * matches them all; null when that is impossible.
   */
  private static Map<String, JsonNode> separate(List<Entry> cls, List<Entry> others, TreeSet<String> keys) {
    Map<String, JsonNode> common = new TreeMap<>();
    for (String k : keys) {
      JsonNode v = vector(cls.get(0), keys).get(k);
      boolean same = cls.stream().allMatch(e -> e.features().getOrDefault(k, Matchers.absent()).equals(v));
      if (same) {
        common.put(k, v);
      }
    }
    Map<String, JsonNode> chosen = new TreeMap<>();
    List<Entry> left = new ArrayList<>(others);
    while (!left.isEmpty()) {
      String best = null;
      int bestExcluded = 0;
      for (Map.Entry<String, JsonNode> f : common.entrySet()) {
        if (chosen.containsKey(f.getKey())) {
          continue;
        }
        int excluded = 0;
        for (Entry o : left) {
          if (!o.features().getOrDefault(f.getKey(), Matchers.absent()).equals(f.getValue())) {
            excluded++;
          }
        }
        if (excluded > bestExcluded) {
          best = f.getKey();
          bestExcluded = excluded;
        }
      }
      if (best == null) {
        return null;
      }
      String k = best;
      JsonNode v = common.get(k);
      chosen.put(k, v);
      left.removeIf(o -> !o.features().getOrDefault(k, Matchers.absent()).equals(v));
    }
    return chosen;
  }

  private static RequestPattern apply(RequestPattern base, Map<String, JsonNode> features) {
    ObjectNode identifiers = JsonNodeFactory.instance.objectNode();
    RequestPattern p = base;
    for (Map.Entry<String, JsonNode> f : features.entrySet()) {
      p = withFeature(p, f.getKey(), f.getValue(), identifiers);
    }
    return identifiers.isEmpty() ? p : p.withIdentifiers(identifiers);
  }

  /** The replies in order, without the repeats at the end (a sequence repeats its last reply). */
  private static List<ReplySpec> collapse(List<ReplySpec> replies) {
    if (replies.stream().distinct().count() == 1) {
      return List.of(replies.get(0));
    }
    List<ReplySpec> out = new ArrayList<>(replies);
    while (out.size() > 1 && out.get(out.size() - 1).equals(out.get(out.size() - 2))) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private Stub stub(Entry first, RequestPattern pattern, List<ReplySpec> replies) {
    List<Reply> out = replies.stream().map(ReplySpec::toReply).toList();
    try {
      return new Stub(null, name(first.call()), DEFAULT_PRIORITY, pattern, out, null, null, null, SOURCE);
    } catch (IllegalArgumentException e) {
      // a reply the mock refuses (should not happen: the mapping only builds valid replies)
      warn(first.seq(), first.call(), "no stub: " + e.getMessage());
      return null;
    }
  }

  private static String name(RpcCall call) {
    StringBuilder out = new StringBuilder("recorded ").append(call.kind().label());
    if (call.kind().isCommand() && !call.channel().isEmpty()) {
      out.append(' ').append(call.channel());
      if (call.kind() == Kind.PERFORM && !call.action().isEmpty()) {
        out.append('#').append(call.action());
      }
    }
    return out.toString();
  }

  /**
   * How many other groups' patterns also match a group's calls, transitively: a group must outrank
   * every group whose (partial) pattern would also answer its calls.
   */
  private static Map<String, Integer> levels(Map<String, List<Entry>> groups) {
    Map<String, Integer> levels = new HashMap<>();
    for (String key : groups.keySet()) {
      level(key, groups, levels, new java.util.HashSet<>());
    }
    return levels;
  }

  private static int level(String key, Map<String, List<Entry>> groups, Map<String, Integer> levels, java.util.Set<String> visiting) {
    Integer known = levels.get(key);
    if (known != null) {
      return known;
    }
    if (!visiting.add(key)) {
      return 0;
    }
    int level = 0;
    RpcCall call = groups.get(key).get(0).call();
    for (Map.Entry<String, List<Entry>> other : groups.entrySet()) {
      if (!other.getKey().equals(key) && other.getValue().get(0).base().matches(call)) {
        level = Math.max(level, 1 + level(other.getKey(), groups, levels, visiting));
      }
    }
    visiting.remove(key);
    levels.put(key, level);
    return level;
  }

  // ---- replies ----

  private ReplySpec reply(Recorder.Exchange ex) {
    RpcCall call = ex.call();
    Redaction.Substitution sub = redaction.forCall(call);
    if (ex.fault() != null) {
      dropBroadcasts(ex, "a gRPC error");
      return ReplySpec.fault(ex.fault(), redactOnly(sub, call, ex.faultMessage()));
    }
    Message response = ex.response();
    return switch (response) {
      case ConnectionResponse r -> connect(ex, r, sub);
      case CommandResponse r -> command(ex, r, sub);
      case DisconnectResponse r -> disconnect(ex, r, sub);
      default -> throw new IllegalArgumentException("not an RPC response: " + response.getClass());
    };
  }

  private ReplySpec connect(Recorder.Exchange ex, ConnectionResponse r, Redaction.Substitution sub) {
    RpcCall call = ex.call();
    if (r.getStatus() == Status.ERROR || r.getStatus() == Status.UNRECOGNIZED) {
      dropBroadcasts(ex, "an ERROR reply");
      return ReplySpec.error(redactOnly(sub, call, r.getErrorMsg()));
    }
    List<String> frames = new ArrayList<>(r.getTransmissionsList());
    String message = null;
    JsonNode identifiers = null;
    boolean welcome = true; // only an accepted connection has a welcome to leave out
    Reply.Outcome outcome;
    if (r.getStatus() == Status.FAILURE) {
      outcome = Reply.Outcome.REJECT;
      JsonNode frame = frames.isEmpty() ? MissingNode.getInstance() : parse(frames.get(0));
      if (frame.isObject() && "disconnect".equals(frame.path("type").asText())) {
        String reason = frame.path("reason").isTextual() ? frame.path("reason").textValue() : "unauthorized";
        if (!frames.get(0).equals(ServerFrames.disconnect(reason, false))) {
          warn(ex.seq(), call, "the rejection frame " + redactOnly(sub, call, frames.get(0)) + " replays as "
              + redactOnly(sub, call, ServerFrames.disconnect(reason, false)) + " (a rejected Connect always sends that frame)");
        }
        frames.remove(0);
        message = reason.equals("unauthorized") ? null : sub.text(reason);
      } else {
        warn(ex.seq(), call, "the real server rejected without a disconnect frame; the replay sends "
            + ServerFrames.disconnect("unauthorized", false) + " first");
      }
    } else {
      outcome = Reply.Outcome.OK;
      identifiers = identifiers(r.getIdentifiers(), sub);
      welcome = !frames.isEmpty() && frames.get(0).equals(ReplyRenderer.welcome(call.sid()));
      if (welcome) {
        frames.remove(0);
      }
    }
    List<String> raw = frames.stream().map(f -> rawFrame(ex, f, sub)).toList();
    Map<String, String> cstate = state(ex, r.hasEnv() ? r.getEnv().getCstateMap() : Map.of(), sub, "cstate");
    return new ReplySpec(
        outcome, message, identifiers, welcome, true, List.of(), List.of(), false, List.of(), raw,
        Map.of(), cstate, false, broadcasts(ex, sub), null);
  }

  private JsonNode identifiers(String ids, Redaction.Substitution sub) {
    JsonNode parsed = parse(ids);
    if ((parsed.isObject() || parsed.isArray()) && parsed.toString().equals(ids)) {
      return sub.tree(parsed);
    }
    return TextNode.valueOf(sub.text(ids));
  }

  private ReplySpec command(Recorder.Exchange ex, CommandResponse r, Redaction.Substitution sub) {
    RpcCall call = ex.call();
    Kind kind = call.kind();
    if (r.getStatus() == Status.ERROR || r.getStatus() == Status.UNRECOGNIZED) {
      dropBroadcasts(ex, "an ERROR reply");
      return ReplySpec.error(redactOnly(sub, call, r.getErrorMsg()));
    }
    boolean reject = kind == Kind.SUBSCRIBE && r.getStatus() == Status.FAILURE;
    String id = call.identifier();
    List<String> frames = new ArrayList<>(r.getTransmissionsList());
    boolean confirmation = true;
    if (kind == Kind.SUBSCRIBE) {
      String last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
      String expected = reject ? ReplyRenderer.rejectFrame(id) : ReplyRenderer.confirmFrame(id);
      if (expected.equals(last)) {
        frames.remove(frames.size() - 1);
      } else if (reject) {
        warn(ex.seq(), call, "the rejection had no trailing reject_subscription frame; the replay adds one");
      } else {
        confirmation = false; // the confirmation (if any) is not last: kept in place among the frames
      }
    }
    List<JsonNode> transmits = new ArrayList<>();
    int i = 0;
    for (; i < frames.size(); i++) {
      JsonNode payload = transmitPayload(frames.get(i), id);
      if (payload == null) {
        break;
      }
      transmits.add(sub.tree(payload));
    }
    List<String> raw = frames.subList(i, frames.size()).stream().map(f -> rawFrame(ex, f, sub)).toList();
    List<String> streams = r.getStreamsList().stream().map(sub::text).toList();
    if (!streams.isEmpty() && (reject || kind == Kind.UNSUBSCRIBE)) {
      warn(ex.seq(), call, "dropped streams " + redactAll(sub, call, streams) + ": a stub cannot stream from a "
          + (reject ? "rejected subscription" : "unsubscribe"));
      streams = List.of();
    }
    boolean stopAll = r.getStopStreams() && !reject;
    List<String> stopped = stopAll ? List.of() : r.getStoppedStreamsList().stream().map(sub::text).toList();
    Map<String, String> istate = state(ex, r.hasEnv() ? r.getEnv().getIstateMap() : Map.of(), sub, "istate");
    if (reject && !istate.isEmpty()) {
      warn(ex.seq(), call, "dropped the istate of a rejected subscription (it belongs to no subscription)");
      istate = Map.of();
    }
    Map<String, String> cstate = state(ex, r.hasEnv() ? r.getEnv().getCstateMap() : Map.of(), sub, "cstate");
    if (r.hasPresence()) {
      warn(ex.seq(), call, "dropped the presence " + r.getPresence().getType() + ": stubs cannot reply with presence");
    }
    return new ReplySpec(
        reject ? Reply.Outcome.REJECT : Reply.Outcome.OK, null, null, true, confirmation, streams, stopped, stopAll,
        transmits, raw, istate, cstate, r.getDisconnect(), broadcasts(ex, sub), null);
  }

  /** The message of a frame the mock's {@code transmit} renders byte for byte, else null. */
  private static JsonNode transmitPayload(String frame, String identifier) {
    JsonNode node = parse(frame);
    if (!node.isObject() || node.size() != 2 || !node.has("message") || !identifier.equals(node.path("identifier").textValue())) {
      return null;
    }
    JsonNode payload = node.get("message");
    return ReplyRenderer.transmission(identifier, payload).equals(frame) ? payload : null;
  }

  private ReplySpec disconnect(Recorder.Exchange ex, DisconnectResponse r, Redaction.Substitution sub) {
    dropBroadcasts(ex, "a Disconnect reply");
    return switch (r.getStatus()) {
      case SUCCESS -> new ReplySpec(Reply.Outcome.OK, null, null, true, true, List.of(), List.of(), false,
          List.of(), List.of(), Map.of(), Map.of(), false, List.of(), null);
      case FAILURE -> new ReplySpec(Reply.Outcome.REJECT, null, null, true, true, List.of(), List.of(), false,
          List.of(), List.of(), Map.of(), Map.of(), false, List.of(), null);
      default -> ReplySpec.error(redactOnly(sub, ex.call(), r.getErrorMsg()));
    };
  }

  private String rawFrame(Recorder.Exchange ex, String frame, Redaction.Substitution sub) {
    if (Templates.hasPlaceholder(frame)) {
      warn(ex.seq(), ex.call(), "the frame " + redactOnly(sub, ex.call(), frame)
          + " contains {{...}}, which the mock will read as a placeholder");
    }
    return sub.json(frame);
  }

  private Map<String, String> state(Recorder.Exchange ex, Map<String, String> values, Redaction.Substitution sub, String what) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.isEmpty()) {
        warn(ex.seq(), ex.call(), "dropped a " + what + " entry with an empty key");
      } else {
        out.put(k, sub.text(v));
      }
    });
    return out;
  }

  private List<ReplySpec.BroadcastSpec> broadcasts(Recorder.Exchange ex, Redaction.Substitution sub) {
    List<ReplySpec.BroadcastSpec> out = new ArrayList<>();
    for (Broadcast b : ex.broadcasts()) {
      JsonNode data = parse(b.data());
      if (data.isMissingNode() || data.isNull()) {
        data = TextNode.valueOf(b.data());
      } else if (!data.toString().equals(b.data())) {
        warn(ex.seq(), ex.call(), "the broadcast to " + sub.text(b.stream()) + " replays its data in compact JSON");
      }
      if (b.type() != null || b.isTransient()) {
        warn(ex.seq(), ex.call(), "the broadcast to " + sub.text(b.stream()) + " loses its meta (broadcast_type, transient)");
      }
      boolean excludeSelf = b.excludeSocket() != null && b.excludeSocket().equals(ex.call().sid());
      if (b.excludeSocket() != null && !excludeSelf) {
        warn(ex.seq(), ex.call(), "the broadcast to " + sub.text(b.stream()) + " excluded another session; replayed to everyone");
      }
      out.add(new ReplySpec.BroadcastSpec(sub.text(b.stream()), sub.tree(data), excludeSelf));
    }
    return out;
  }

  private void dropBroadcasts(Recorder.Exchange ex, String what) {
    if (!ex.broadcasts().isEmpty()) {
      warn(ex.seq(), ex.call(), "dropped " + ex.broadcasts().size() + " broadcast(s) made during " + what
          + ": such a stub reply cannot broadcast");
    }
  }

  /** For texts the mock does not render (error messages, fault descriptions): secrets only, sid kept. */
  private String redactOnly(Redaction.Substitution sub, RpcCall call, String text) {
    return text == null ? null : redaction.forCall(call, false).text(text);
  }

  private String redactAll(Redaction.Substitution sub, RpcCall call, List<String> texts) {
    return texts.stream().map(t -> redactOnly(sub, call, t)).toList().toString();
  }

  private void warn(long seq, RpcCall call, String text) {
    String where = call.kind().label() + (call.kind().isCommand() && !call.channel().isEmpty() ? " " + call.channel()
        + (call.kind() == Kind.PERFORM && !call.action().isEmpty() ? "#" + call.action() : "") : "");
    warnings.add("call " + seq + " (" + where + "): " + text);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isEmpty()) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (Exception e) {
      return MissingNode.getInstance();
    }
  }
}
