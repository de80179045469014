package io.cablekit.server.internal.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory of anycable-go's flags, read from {@code anycable-flags.tsv} next to this class
 * (columns: name, env, type, default, category, notes; aliases say {@code alias-of:<canonical>} in
 * their notes). Immutable.
 */
public final class FlagTable {
  private static final String RESOURCE = "anycable-flags.tsv";
  private static final String HEADER = "name\tenv\ttype\tdefault\tcategory\tnotes";
  private static final FlagTable ANYCABLE = load();

  /**
   * One anycable-go flag.
   *
   * @param name the name as anycable-go spells it ({@code health-path}, {@code rpc_host})
   * @param env the environment variables read for it, first one found wins
   */
  public record Row(
      String name, List<String> env, String type, String defaultValue, String category, String notes) {
    public Row {
      env = List.copyOf(env);
    }

    /** The name with {@code -} replaced by {@code _}, as names are compared. */
    public String key() {
      return FlagNames.key(name);
    }

    /** The flag this one is an alias of, or null. */
    public String aliasOf() {
      if (!notes.startsWith("alias-of:")) {
        return null;
      }
      int end = notes.indexOf(';');
      return notes.substring("alias-of:".length(), end < 0 ? notes.length() : end).strip();
    }
  }

  private final List<Row> rows;
  private final Map<String, Row> byKey;

  private FlagTable(List<Row> rows) {
    this.rows = List.copyOf(rows);
    Map<String, Row> map = new LinkedHashMap<>();
    for (Row row : rows) {
      if (map.put(row.key(), row) != null) {
        throw new IllegalStateException(RESOURCE + ": duplicate flag " + row.name());
      }
    }
    this.byKey = Map.copyOf(map);
  }

  /** The table shipped with CableKit. */
  public static FlagTable anycable() {
    return ANYCABLE;
  }

  /** Every row, in file order. */
  public List<Row> rows() {
    return rows;
  }

  /** The row whose normalised name is {@code key}. */
  public Optional<Row> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** The row named {@code name} (either spelling); fails when the table lacks it. */
  public Row require(String name) {
    return find(FlagNames.key(name))
        .orElseThrow(() -> new IllegalStateException(RESOURCE + " has no flag " + name));
  }

  private static FlagTable load() {
    try (InputStream in = FlagTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!HEADER.equals(header)) {
        throw new IllegalStateException(RESOURCE + ": unexpected header " + header);
      }
      List<Row> rows = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          rows.add(parse(line));
        }
      }
      return new FlagTable(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Row parse(String line) {
    String[] cells = line.split("\t", -1);
    if (cells.length != 6) {
      throw new IllegalStateException(RESOURCE + ": expected 6 columns in: " + line);
    }
    List<String> env =
        cells[1].isEmpty() ? List.of() : Arrays.stream(cells[1].split(",")).map(String::strip).toList();
    return new Row(cells[0], env, cells[2], cells[3], cells[4], cells[5]);
  }
}
