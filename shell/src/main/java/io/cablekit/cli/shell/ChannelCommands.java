package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code subscribe}, {@code subscriptions}, {@code unsubscribe}, {@code perform}, {@code raw}. */
final class ChannelCommands {
  private final Shell shell;

  ChannelCommands(Shell shell) {
    this.shell = shell;
  }

  void register(CommandTable table) {
    table.add(CommandSpec.of("subscribe", List.of("sub", "s", "\\s"), "subscribe <Channel> [json params | key:value ...] [--no-wait]",
        "Subscribe the current socket to a channel and wait for the answer",
        """
        The identifier is {"channel":"<Channel>", ...params} in the order given; a whole identifier
        may be given instead: subscribe {"channel":"ChatChannel","room":"1"}. Waits up to 5s for
        confirm_subscription or reject_subscription (not with --no-wait). The new subscription
        becomes the current one.""",
        false, this::subscribe).options(Set.of(), Set.of("no-wait")));
    table.add(CommandSpec.of("subscriptions", List.of("subs"), "subscriptions", "List the current socket's subscriptions",
        "Each as #n (usable wherever a subscription is expected), channel, state and identifier; * marks the current one.",
        false, args -> list()));
    table.add(CommandSpec.of("unsubscribe", List.of("unsub"), "unsubscribe [#n | Channel | identifier]",
        "Unsubscribe (the current subscription by default)", "Action Cable sends no acknowledgement.", true, this::unsubscribe));
    table.add(CommandSpec.of("perform", List.of("p", "\\p"), "perform [#n | Channel | identifier] <action> [json data | key:value ...]",
        "Perform an action (on the current subscription by default)",
        """
        Sends {"command":"message","identifier":...,"data":"{...data,\\"action\\":\\"<action>\\"}"},
        as the JavaScript client's perform does.""",
        true, this::perform));
    table.add(CommandSpec.of("raw", List.of("send"), "raw <json>", "Send a frame exactly as given on the current socket", "",
        true, this::raw));
  }

  private void subscribe(Args args) throws ShellException, InterruptedException {
    args.expect(1, Integer.MAX_VALUE, "subscribe <Channel> [json params | key:value ...]");
    CableSocket socket = shell.sockets().current();
    List<Words.Word> words = args.positional();
    String identifier;
    if (words.get(0).raw().startsWith("{")) {
      if (words.size() > 1) {
        throw new ShellException("subscribe: give either an identifier or a channel with params, not both");
      }
      identifier = JsonArgs.object(words.get(0).raw(), "identifier").toString();
    } else {
      ObjectNode id = Json.MAPPER.createObjectNode().put("channel", words.get(0).text());
      id.setAll(JsonArgs.params(words.subList(1, words.size()), "params"));
      identifier = id.toString();
    }
    CableSocket.Answer previous = socket.subscriptions().get(identifier);
    if (previous != null && previous != CableSocket.Answer.REJECTED) {
      throw new ShellException(socket.name() + " is subscribed to " + Renderer.channelLabel(identifier)
          + " already (the server would ignore a second subscribe)");
    }
    long mark = socket.log().size();
    socket.subscribing(identifier);
    Step.Subscribed sent = new Step.Subscribed(socket.name(), identifier, CableSocket.Answer.PENDING);
    shell.recorded(sent, () -> {
      socket.send(ClientCommands.encode(new ClientCommand.Subscribe(identifier)));
      if (!args.flag("no-wait")) {
        Frame f = socket.log().await(mark, x -> x.identifier().equals(identifier)
            && (x.type().equals("confirm_subscription") || x.type().equals("reject_subscription")), CableSocket.HANDSHAKE);
        if (f == null) {
          socket.unsubscribed(identifier);
          throw new ShellException(socket.isOpen()
              ? "no answer to the subscription to " + Renderer.channelLabel(identifier) + " within 5s"
                  + " (the RPC server may have failed it: journal shows the mock's calls)"
              : socket.name() + " closed while subscribing (" + Renderer.closeReason(socket, socket.closed()) + ")");
        }
        shell.rerecord(sent, new Step.Subscribed(socket.name(), identifier,
            f.type().equals("confirm_subscription") ? CableSocket.Answer.CONFIRMED : CableSocket.Answer.REJECTED));
      }
    });
    Recording r = shell.recording();
    if (r != null) {
      r.line("subscribe " + identifier + (args.flag("no-wait") ? " --no-wait" : ""));
    }
  }

  private void list() throws ShellException {
    CableSocket socket = shell.sockets().current();
    Map<String, CableSocket.Answer> subs = socket.subscriptions();
    if (subs.isEmpty()) {
      shell.out().info(socket.name() + " has no subscriptions");
      return;
    }
    int n = 1;
    String current = socket.current();
    for (Map.Entry<String, CableSocket.Answer> e : subs.entrySet()) {
      shell.out().info((e.getKey().equals(current) ? "* " : "  ") + "#" + n++ + "  " + Renderer.channelLabel(e.getKey())
          + "  " + e.getValue().name().toLowerCase(java.util.Locale.ROOT) + "  " + e.getKey());
    }
  }

  private void unsubscribe(Args args) throws ShellException, InterruptedException {
    args.expect(0, 1, "unsubscribe [#n | Channel | identifier]");
    CableSocket socket = shell.sockets().current();
    String identifier = Targets.subscription(socket, args.positional().isEmpty() ? null : args.positional().get(0).raw());
    shell.recorded(new Step.Unsubscribed(socket.name(), identifier),
        () -> socket.send(ClientCommands.encode(new ClientCommand.Unsubscribe(identifier))));
    socket.unsubscribed(identifier);
    shell.out().note(socket.name() + " unsubscribed from " + Renderer.channelLabel(identifier));
  }

  private void perform(Args args) throws ShellException, InterruptedException {
    String usage = "perform [#n | Channel | identifier] <action> [json data | key:value ...]";
    List<Words.Word> words = new ArrayList<>(args.positional());
    List<Words.Word> data = new ArrayList<>();
    while (!words.isEmpty() && isData(words.get(words.size() - 1))) {
      data.add(0, words.remove(words.size() - 1));
    }
    if (words.isEmpty() || words.size() > 2) {
      throw new ShellException("perform: " + (words.isEmpty() ? "missing the action" : "too many arguments") + "\nusage: " + usage);
    }
    CableSocket socket = shell.sockets().current();
    String identifier = Targets.subscription(socket, words.size() == 2 ? words.get(0).raw() : null);
    if (socket.subscriptions().get(identifier) == CableSocket.Answer.REJECTED) {
      throw new ShellException("the subscription to " + Renderer.channelLabel(identifier) + " was rejected");
    }
    ObjectNode payload = JsonArgs.params(data, "data");
    payload.put("action", words.get(words.size() - 1).text());
    shell.recorded(new Step.Performed(socket.name(), identifier, payload.toString()),
        () -> socket.send(ClientCommands.encode(new ClientCommand.Message(identifier, payload.toString()))));
    shell.catalog().performed(words.get(words.size() - 1).text());
  }

  /** JSON data, or a {@code key:value} pair (but not a namespaced {@code Admin::Channel}). */
  private static boolean isData(Words.Word w) {
    return w.raw().startsWith("{") || w.raw().startsWith("[") || w.text().matches("[A-Za-z_][\\w-]*:(?!:).*");
  }

  private void raw(Args args) throws ShellException, InterruptedException {
    args.expect(1, 1, "raw <json>");
    CableSocket socket = shell.sockets().current();
    String frame = JsonArgs.parse(args.positional().get(0).raw(), "frame").toString();
    shell.recorded(new Step.Sent(socket.name(), frame), () -> socket.send(frame));
  }
}
