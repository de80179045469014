package io.cablekit.server;

import io.cablekit.server.internal.config.OptionParser;
import io.cablekit.server.internal.config.UsageText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns anycable-go style command-line flags plus {@code ANYCABLE_*} environment variables into a
 * {@link CableConfig}, so that anycable-go command lines work unchanged with {@code cablekit serve}.
 *
 * <p>Flags are written {@code --name=value}, {@code --name value}, {@code -name=value} or {@code
 * -name value}; a bool flag alone means true. {@code -} and {@code _} are interchangeable in
 * names. Values come from {@link CableConfig#builder()}'s defaults, then the environment, then the
 * flags (last one wins). anycable-go flags that CableKit does not implement are accepted with one
 * warning each; any other flag is an error naming the closest known flag.
 *
 * <p>{@code --help}/{@code -h} and {@code --version}/{@code -v} are not handled here: the command
 * must handle (and remove) them before calling {@code parse}.
 */
public final class CableOptions {
  /**
   * An option a subcommand adds on top of the server's (e.g. serve's {@code --stubs}).
   *
   * @param name the canonical name, without dashes ({@code stubs}, {@code embedded_redis})
   * @param type {@code string}, {@code int}, {@code bool}, {@code list}, {@code duration-seconds}
   *     or {@code duration-ms}
   * @param defaultValue the value when neither a flag nor {@code ANYCABLE_<NAME>} gives one; may be
   *     null (the option is then absent from {@link Result#extras()} unless given)
   * @param description one line for {@link #usage(List)}
   */
  public record Extra(String name, String type, String defaultValue, String description) {
    public Extra {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      description = description == null ? "" : description;
    }
  }

  /**
   * The outcome of {@link #parse(List, Map, List)}.
   *
   * @param config the server configuration
   * @param warnings one line per accepted flag that has no effect in CableKit, in order
   * @param extras values of the caller's extra options by canonical name (defaults applied), as
   *     strings; also always holds {@code debug}, {@code log_level} and {@code log_format} (with
   *     {@code --debug} already folded into the other two) for the launcher's logging setup
   * @param explicit names (with {@code _}) of the options a flag or an environment variable set
   */
  public record Result(
      CableConfig config, List<String> warnings, Map<String, String> extras, Set<String> explicit) {
    public Result {
      Objects.requireNonNull(config, "config");
      warnings = List.copyOf(warnings);
      extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
      explicit = Set.copyOf(explicit);
    }

    /** Whether a flag or environment variable set this option ({@code -} or {@code _} spelling). */
    public boolean isSet(String name) {
      return explicit.contains(name.replace('-', '_'));
    }
  }

  private CableOptions() {}

  /**
   * Parses server flags plus the caller's extra options.
   *
   * <p>Does not handle {@code --help}, {@code -h}, {@code --version} or {@code -v}: the caller
   * must handle them first (unless it declares them as extras).
   *
   * @param args the arguments after the subcommand name
   * @param env the environment, usually {@link System#getenv()}
   * @param extras options the caller adds; their names must not be those of server options
   * @throws OptionsException for an unknown flag, a missing or invalid value, or an invalid
   *     configuration; the message is user-facing
   * @throws IllegalArgumentException for an invalid {@link Extra}, or when {@code --help}, {@code
   *     -h}, {@code --version} or {@code -v} reaches this method (a bug in the caller)
   */
  public static Result parse(List<String> args, Map<String, String> env, List<Extra> extras)
      throws OptionsException {
    return new OptionParser(extras).parse(args, env);
  }

  /** Parses server flags only; see {@link #parse(List, Map, List)}. */
  public static Result parse(List<String> args, Map<String, String> env) throws OptionsException {
    return parse(args, env, List.of());
  }

  /**
   * Help text for the server options (grouped by category, with defaults and env var names), then
   * the extras, then a note on the other anycable-go flags. Plain text, no colours.
   */
  public static String usage(List<Extra> extras) {
    return UsageText.render(OptionParser.checkExtras(extras));
  }
}
