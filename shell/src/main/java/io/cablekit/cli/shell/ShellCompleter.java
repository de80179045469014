package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names, options, socket names, channels (subscribed, stubbed, or seen by
 * the mock), actions, and subscriptions of the current socket ({@code #n}, channel or identifier).
 */
final class ShellCompleter implements Completer {
  private volatile Shell shell;

  /** Completion starts working once the shell exists (the shell needs the reader first). */
  void attach(Shell value) {
    shell = value;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    Shell s = shell;
    if (s == null) {
      return;
    }
    if (line.wordIndex() == 0) {
      s.table().names().forEach(n -> candidates.add(new Candidate(n)));
      return;
    }
    CommandSpec spec;
    try {
      spec = s.table().find(line.words().get(0));
    } catch (ShellException e) {
      return;
    }
    String previous = line.words().get(line.wordIndex() - 1);
    if (line.word().startsWith("-")) {
      spec.valued().forEach(o -> candidates.add(new Candidate(o.length() == 1 ? "-" + o : "--" + o)));
      spec.flags().forEach(o -> candidates.add(new Candidate("--" + o)));
      return;
    }
    if (previous.startsWith("-") && spec.valued().contains(previous.replaceFirst("^--?", ""))) {
      optionValue(s, previous.replaceFirst("^--?", ""), candidates);
      return;
    }
    argument(s, spec.name(), position(spec, line), candidates);
  }

  /** How many positional words come before the one being completed. */
  private static int position(CommandSpec spec, ParsedLine line) {
    int n = 0;
    List<String> words = line.words();
    for (int i = 1; i < line.wordIndex(); i++) {
      String w = words.get(i);
      if (w.startsWith("-") && !w.contains("=") && spec.valued().contains(w.replaceFirst("^--?", ""))) {
        i++;
      } else if (!w.startsWith("-")) {
        n++;
      }
    }
    return n;
  }

  private static void optionValue(Shell s, String option, List<Candidate> out) {
    switch (option) {
      case "socket" -> s.sockets().names().forEach(n -> out.add(new Candidate(n)));
      case "on" -> subscriptions(s, out);
      case "protocol" -> List.of(ConnectSpec.JSON_PROTOCOL, ConnectSpec.EXT_PROTOCOL, "none").forEach(p -> out.add(new Candidate(p)));
      default -> { }
    }
  }

  private static void argument(Shell s, String command, int position, List<Candidate> out) {
    switch (command) {
      case "use", "close", "state" -> {
        if (position == 0) {
          s.sockets().names().forEach(n -> out.add(new Candidate(n, n, "sockets", null, null, null, true)));
        }
      }
      case "subscribe" -> {
        if (position == 0) {
          s.catalog().channels().forEach(c -> out.add(new Candidate(c, c, "channels", null, null, null, true)));
        }
      }
      case "unsubscribe", "whisper", "history" -> {
        if (position == 0) {
          subscriptions(s, out);
        }
      }
      case "perform" -> {
        if (position == 0) {
          subscriptions(s, out);
        }
        if (position <= 1) {
          s.catalog().actions().forEach(a -> out.add(new Candidate(a, a, "actions", null, null, null, true)));
        }
      }
      case "help" -> s.table().names().forEach(n -> out.add(new Candidate(n)));
      case "record" -> {
        if (position == 0) {
          List.of("start", "stop").forEach(v -> out.add(new Candidate(v)));
        }
      }
      case "pings" -> List.of("on", "off").forEach(v -> out.add(new Candidate(v)));
      case "connect" -> {
        List<String> urls = new ArrayList<>();
        s.sockets().all().forEach(x -> urls.add(x.spec().url().toString()));
        if (s.options().url() != null) {
          urls.add(s.options().url());
        }
        urls.stream().distinct().forEach(u -> out.add(new Candidate(u)));
      }
      default -> { }
    }
  }

  /** {@code #n}, the channel, and the identifier of each subscription of the current socket. */
  private static void subscriptions(Shell s, List<Candidate> out) {
    CableSocket socket = s.sockets().currentOrNull();
    if (socket == null) {
      return;
    }
    int n = 1;
    for (Map.Entry<String, CableSocket.Answer> e : socket.subscriptions().entrySet()) {
      String label = Renderer.channelLabel(e.getKey());
      out.add(new Candidate("#" + n, "#" + n, "subscriptions", label, null, null, true));
      out.add(new Candidate(e.getKey(), e.getKey(), "identifiers", label, null, null, true));
      String channel = Targets.channel(e.getKey());
      if (channel != null) {
        out.add(new Candidate(channel, channel, "channels", null, null, null, true));
      }
      n++;
    }
  }
}
