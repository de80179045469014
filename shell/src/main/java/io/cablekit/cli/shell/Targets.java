package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the subscription a command means: none given is the current one; {@code #2} is the
 * second of {@code subscriptions}; a channel name is the socket's one subscription to that
 * channel; a JSON identifier is that identifier.
 */
final class Targets {
  private Targets() {}

  static String subscription(CableSocket socket, String ref) throws ShellException {
    Map<String, CableSocket.Answer> subs = socket.subscriptions();
    if (ref == null) {
      String current = socket.current();
      if (current == null) {
        throw new ShellException(socket.name() + " has no current subscription: subscribe <Channel> first");
      }
      return current;
    }
    List<String> ids = new ArrayList<>(subs.keySet());
    if (ref.startsWith("#")) {
      try {
        int n = Integer.parseInt(ref.substring(1));
        if (n >= 1 && n <= ids.size()) {
          return ids.get(n - 1);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ShellException(socket.name() + " has no subscription " + ref + " (subscriptions lists them: #1 to #" + ids.size() + ")");
    }
    if (ref.startsWith("{")) {
      if (subs.containsKey(ref)) {
        return ref;
      }
      JsonNode wanted = JsonArgs.parse(ref, "identifier");
      for (String id : ids) {
        if (sameJson(id, wanted)) {
          return id;
        }
      }
      throw new ShellException(socket.name() + " is not subscribed to " + ref + mine(ids));
    }
    List<String> byChannel = ids.stream().filter(id -> ref.equals(channel(id))).toList();
    if (byChannel.size() == 1) {
      return byChannel.get(0);
    }
    if (byChannel.size() > 1) {
      throw new ShellException(ref + " is ambiguous on " + socket.name() + ": give #n or the identifier" + mine(ids));
    }
    throw new ShellException(socket.name() + " has no subscription to " + ref + mine(ids));
  }

  private static String mine(List<String> ids) {
    if (ids.isEmpty()) {
      return " (it has none)";
    }
    StringBuilder out = new StringBuilder("; its subscriptions:");
    for (int i = 0; i < ids.size(); i++) {
      out.append("\n  #").append(i + 1).append(' ').append(ids.get(i));
    }
    return out.toString();
  }

  private static boolean sameJson(String identifier, JsonNode wanted) {
    try {
      return Json.MAPPER.readTree(identifier).equals(wanted);
    } catch (Exception e) {
      return false;
    }
  }

  /** The {@code channel} of an identifier, or null. */
  static String channel(String identifier) {
    try {
      JsonNode id = Json.MAPPER.readTree(identifier);
      return id != null && id.path("channel").isTextual() ? id.path("channel").asText() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
