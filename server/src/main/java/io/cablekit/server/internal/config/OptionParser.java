package io.cablekit.server.internal.config;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableOptions.Extra;
import io.cablekit.server.CableOptions.Result;
import io.cablekit.server.OptionsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The engine behind {@code CableOptions.parse}: resolves every flag first (so an unknown flag is
 * reported before any value problem), then applies defaults, environment variables and flags, in
 * that order. One instance per set of extras; holds no state between calls.
 */
public final class OptionParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Set<String> CALLER_HANDLED = Set.of("help", "h", "version", "v");
  private static final List<String> LOG_EXTRAS = List.of("debug", "log_level", "log_format");

  private final FlagTable flags = FlagTable.anycable();
  private final Map<String, Extra> extras;

  /** A flag resolved to what it sets: a server option, an extra, or nothing (an anycable-go flag). */
  private record Target(ServerOption option, Extra extra, FlagTable.Row ignored) {
    String type() {
      return option != null ? option.type() : extra != null ? extra.type() : ignored.type();
    }

    String key() {
      return option != null ? option.key() : extra != null ? FlagNames.key(extra.name()) : ignored.key();
    }
  }

  /** A flag from the command line with its value. */
  private record Assignment(String typed, String value, Target target) {}

  public OptionParser(List<Extra> extras) {
    this.extras = checkExtras(extras);
  }

  /** Validates the caller's extras and indexes them by normalised name. */
  public static Map<String, Extra> checkExtras(List<Extra> extras) {
    Map<String, Extra> byKey = new LinkedHashMap<>();
    for (Extra extra : extras) {
      if (!NAME.matcher(extra.name()).matches()) {
        throw new IllegalArgumentException("extra option name \"" + extra.name() + "\" is not a flag name");
      }
      if (!Values.TYPES.contains(extra.type())) {
        throw new IllegalArgumentException(
            "extra option " + extra.name() + ": type must be one of " + Values.TYPES
                + ", got " + extra.type());
      }
      String key = FlagNames.key(extra.name());
      if (ServerOptions.find(key).isPresent()) {
        throw new IllegalArgumentException("extra option " + extra.name() + " is already a server option");
      }
      if (byKey.put(key, extra) != null) {
        throw new IllegalArgumentException("extra option " + extra.name() + " is declared twice");
      }
    }
    return byKey;
  }

  public Result parse(List<String> args, Map<String, String> env) throws OptionsException {
    Objects.requireNonNull(env, "env");
    List<String> warnings = new ArrayList<>();
    List<Assignment> assignments = scan(args, warnings);
    Set<String> given = new HashSet<>();
    assignments.forEach(a -> given.add(a.target().key()));

    CableConfig.Builder config = CableConfig.builder();
    Map<String, String> values = defaults();
    Set<String> explicit = new LinkedHashSet<>(given);
    // Environment first, skipping options the command line sets (so a bad variable a flag
    // overrides is no error). Known but unimplemented ANYCABLE_* variables are not read at all:
    // applications export them for the Ruby side too.
    for (ServerOption option : ServerOptions.ALL) {
      if (!given.contains(option.key())) {
        String var = firstSet(env, option.row().env());
        if (var != null) {
          explicit.add(option.key());
          set(new Target(option, null, null), var, env.get(var), config, values, warnings);
        }
      }
    }
    for (Map.Entry<String, Extra> extra : extras.entrySet()) {
      if (!given.contains(extra.getKey())) {
        String var = firstSet(env, extraEnv(extra.getValue()));
        if (var != null) {
          explicit.add(extra.getKey());
          set(new Target(null, extra.getValue(), null), var, env.get(var), config, values, warnings);
        }
      }
    }
    for (Assignment a : assignments) {
      set(a.target(), a.typed(), a.value(), config, values, warnings);
    }
    // anycable-go's broker preset: the memory broker unless one was chosen
    if (Values.list(values.getOrDefault("presets", "")).contains("broker") && !explicit.contains("broker")) {
      config.broker("memory");
    }
    // anycable-go: --debug forces log_level=debug and log_format=text.
    if (values.get("debug").equals("true")) {
      values.put("log_level", "debug");
      values.put("log_format", "text");
    }
    try {
      return new Result(config.build(), warnings, values, explicit);
    } catch (IllegalArgumentException e) {
      throw new OptionsException(e.getMessage(), e);
    }
  }

  private List<Assignment> scan(List<String> args, List<String> warnings) throws OptionsException {
    List<Assignment> assignments = new ArrayList<>();
    Set<String> warned = new HashSet<>();
    String previousBool = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-") || arg.equals("-")) {
        throw new OptionsException(unexpected(arg, previousBool));
      }
      String body = arg.substring(arg.startsWith("--") ? 2 : 1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      if (name.isEmpty() || name.startsWith("-")) {
        throw new OptionsException("bad flag syntax: " + arg);
      }
      String typed = arg.substring(0, arg.length() - body.length() + name.length());
      String key = FlagNames.key(name);
      Target target = resolve(key, typed);
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (target.type().equals("bool")) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i); // taken even when it starts with '-': this flag needs a value
      } else {
        throw new OptionsException(typed + " needs a value");
      }
      previousBool = eq < 0 && target.type().equals("bool") ? typed : null;
      if (target.ignored() != null) {
        if (warned.add(key)) {
          warnings.add(typed + " has no effect in CableKit yet (accepted for anycable-go compatibility)");
        }
      } else {
        assignments.add(new Assignment(typed, value, target));
      }
    }
    return assignments;
  }

  private Target resolve(String key, String typed) throws OptionsException {
    var option = ServerOptions.find(key);
    if (option.isPresent()) {
      return new Target(option.get(), null, null);
    }
    Extra extra = extras.get(key);
    if (extra != null) {
      return new Target(null, extra, null);
    }
    if (CALLER_HANDLED.contains(key)) {
      throw new IllegalArgumentException(
          typed + " must be handled by the command before CableOptions.parse is called");
    }
    var row = flags.find(key);
    if (row.isPresent()) {
      return new Target(null, null, row.get());
    }
    Set<String> known = new LinkedHashSet<>();
    ServerOptions.ALL.forEach(o -> known.add(o.name()));
    extras.values().forEach(e -> known.add(e.name()));
    flags.rows().forEach(r -> known.add(r.name()));
    throw new OptionsException(FlagNames.unknownFlag(typed, key, known));
  }

  private static void set(
      Target target,
      String source,
      String value,
      CableConfig.Builder config,
      Map<String, String> values,
      List<String> warnings)
      throws OptionsException {
    try {
      if (target.option() != null) {
        target.option().setter().apply(new ServerOption.Sink(config, values, warnings, source), value);
      } else {
        values.put(target.extra().name(), Values.canonical(target.extra().type(), value));
      }
    } catch (BadValue e) {
      throw new OptionsException(source + "=" + value + ": " + e.getMessage());
    }
  }

  private Map<String, String> defaults() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Extra extra : extras.values()) {
      if (extra.defaultValue() != null) {
        values.put(extra.name(), extra.defaultValue());
      }
    }
    for (String log : LOG_EXTRAS) {
      values.put(log, flags.require(log).defaultValue());
    }
    return values;
  }

  /** {@code ANYCABLE_<NAME>}, plus the TSV's variables when the extra takes over an anycable-go flag. */
  static List<String> extraEnv(Extra extra) {
    Set<String> vars = new LinkedHashSet<>();
    vars.add(FlagNames.envName(extra.name()));
    FlagTable.anycable().find(FlagNames.key(extra.name())).ifPresent(row -> vars.addAll(row.env()));
    return List.copyOf(vars);
  }

  /** The first variable that is set and not empty (an empty variable counts as unset). */
  private static String firstSet(Map<String, String> env, List<String> vars) {
    for (String var : vars) {
      String value = env.get(var);
      if (value != null && !value.isEmpty()) {
        return var;
      }
    }
    return null;
  }

  private static String unexpected(String arg, String previousBool) {
    String message = "unexpected argument \"" + arg + "\"";
    if (previousBool != null) {
      return message + "; a bool flag takes its value after =, as in " + previousBool + "=" + arg;
    }
    return message + "; options are written --name=value";
  }
}
