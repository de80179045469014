package io.cablekit.server.internal.config;

import io.cablekit.server.CableConfig;
import io.cablekit.server.CableOptions.Extra;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Renders the help text of the server options and a command's extras. Plain text. */
public final class UsageText {
  private static final Map<String, String> HEADINGS =
      Map.ofEntries(
          Map.entry("server", "Server"),
          Map.entry("broadcasting", "Broadcasting"),
          Map.entry("http-broadcast", "HTTP broadcast"),
          Map.entry("rpc", "RPC"),
          Map.entry("disconnect", "Disconnect"),
          Map.entry("log", "Logging"),
          Map.entry("metrics", "Metrics"),
          Map.entry("websockets", "WebSockets"),
          Map.entry("ping", "Ping"));

  private record Line(String flag, String text) {}

  private UsageText() {}

  public static String render(Map<String, Extra> extras) {
    CableConfig defaults = CableConfig.defaults();
    Map<String, List<Line>> groups = new LinkedHashMap<>();
    for (String category : categoryOrder()) {
      groups.put(category, new ArrayList<>());
    }
    // Deprecated aliases after the other options of their group.
    List<ServerOption> options = new ArrayList<>(ServerOptions.ALL);
    options.sort(Comparator.comparing(o -> o.row().aliasOf() != null));
    for (ServerOption option : options) {
      groups.get(category(option.row())).add(line(option, defaults));
    }
    List<Line> extraLines = new ArrayList<>();
    for (Extra extra : extras.values()) {
      String text = extra.description() + " [" + String.join(", ", OptionParser.extraEnv(extra)) + "]";
      extraLines.add(new Line(flag(extra.name(), extra.type(), extra.defaultValue()), text.strip()));
    }

    int width =
        Stream.concat(groups.values().stream().flatMap(List::stream), extraLines.stream())
            .mapToInt(l -> l.flag().length())
            .max()
            .orElse(0);

    StringBuilder out = new StringBuilder();
    out.append("Server options (anycable-go spellings; - and _ are interchangeable; ")
        .append("environment variables in [brackets], flags win over them):\n");
    groups.forEach(
        (category, lines) -> {
          if (!lines.isEmpty()) {
            out.append('\n').append(HEADINGS.getOrDefault(category, category)).append(":\n");
            lines.forEach(l -> append(out, l, width));
          }
        });
    if (!extraLines.isEmpty()) {
      out.append("\nCommand options:\n");
      extraLines.forEach(l -> append(out, l, width));
    }
    out.append("\nOther anycable-go flags (JWT, signed streams, NATS, SSE, ...) are accepted")
        .append(" and ignored with a warning.\n");
    return out.toString();
  }

  private static Line line(ServerOption option, CableConfig defaults) {
    StringBuilder text = new StringBuilder(option.description());
    if (!option.row().env().isEmpty()) {
      text.append(" [").append(String.join(", ", option.row().env())).append(']');
    }
    return new Line(flag(option.name(), option.type(), option.shown().apply(defaults)), text.toString());
  }

  private static String flag(String name, String type, String defaultValue) {
    if (type.equals("bool") && (defaultValue == null || defaultValue.equals("false"))) {
      return "--" + name;
    }
    if (defaultValue == null || defaultValue.isEmpty()) {
      return "--" + name + "=<" + placeholder(type) + ">";
    }
    return "--" + name + "=" + defaultValue;
  }

  private static String placeholder(String type) {
    return switch (type) {
      case "duration-seconds" -> "seconds";
      case "duration-ms" -> "ms";
      default -> type;
    };
  }

  private static void append(StringBuilder out, Line line, int width) {
    out.append("  ").append(line.flag());
    out.append(" ".repeat(width - line.flag().length() + 3)).append(line.text()).append('\n');
  }

  /** The TSV's categories in file order. */
  private static Set<String> categoryOrder() {
    Set<String> order = new LinkedHashSet<>();
    FlagTable.anycable().rows().forEach(r -> order.add(category(r)));
    return order;
  }

  /**
   * anycable-go's help lists ws_max_pending_size under "global" only because its flag helper
   * skips unsigned flags; it is a WebSocket setting.
   */
  private static String category(FlagTable.Row row) {
    return row.name().equals("ws_max_pending_size") ? "websockets" : row.category();
  }
}
