package io.cablekit.server.internal.config;

import io.cablekit.server.CableConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An anycable-go flag CableKit implements.
 *
 * @param row the flag's TSV row (name, env vars, type, category)
 * @param description one line of help
 * @param setter stores a value taken from a flag or an environment variable
 * @param shown the default shown in the help, read from {@link CableConfig#defaults()}; null
 *     result for no default
 */
record ServerOption(
    FlagTable.Row row, String description, Setter setter, Function<CableConfig, String> shown) {

  /** Parses a value and stores it in the sink. */
  @FunctionalInterface
  interface Setter {
    void apply(Sink sink, String value) throws BadValue;
  }

  /**
   * Where a value goes.
   *
   * @param config the configuration being built
   * @param extras values exposed in {@code Result.extras}
   * @param warnings warning lines
   * @param source where the value came from, for messages: the flag as typed or the variable name
   */
  record Sink(
      CableConfig.Builder config,
      Map<String, String> extras,
      List<String> warnings,
      String source) {
    void warn(String line) {
      warnings.add(line);
    }
  }

  String key() {
    return row.key();
  }

  String name() {
    return row.name();
  }

  String type() {
    return row.type();
  }
}
