package io.cablekit.server.internal.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.Env;
import java.util.Map;
import java.util.TreeMap;

/** Builds the RPC requests of a session exactly as anycable-go fills them (PROTOCOL.md 2.2-2.6). */
public final class RpcRequests {
  private RpcRequests() {}

  /** Connect: url and forwarded headers only. */
  public static ConnectionRequest connect(Session session) {
    return ConnectionRequest.newBuilder().setEnv(baseEnv(session)).build();
  }

  /**
   * Command: the whole connection state, and the channel state of this identifier only. {@code
   * data} is sent for {@code message} commands only.
   */
  public static CommandMessage command(
      Session session, String command, String identifier, String data) {
    Env.Builder env = baseEnv(session).putAllCstate(session.cstate());
    env.putAllIstate(session.istate(identifier));
    CommandMessage.Builder msg =
        CommandMessage.newBuilder()
            .setCommand(command)
            .setIdentifier(identifier)
            .setConnectionIdentifiers(nullToEmpty(session.identifiers()))
            .setEnv(env);
    if (data != null) {
      msg.setData(data);
    }
    return msg.build();
  }

  /**
   * Disconnect: identifiers, every subscribed identifier, the connection state, and each
   * identifier's channel state as a JSON object string (PROTOCOL.md 2.5).
   */
  public static DisconnectRequest disconnect(Session session) {
    Env.Builder env = baseEnv(session).putAllCstate(session.cstate());
    session.istates().forEach((id, state) -> env.putIstate(id, toJsonObject(state)));
    return DisconnectRequest.newBuilder()
        .setIdentifiers(nullToEmpty(session.identifiers()))
        .addAllSubscriptions(session.subscriptions())
        .setEnv(env)
        .build();
  }

  private static Env.Builder baseEnv(Session session) {
    return Env.newBuilder().setUrl(session.url()).putAllHeaders(session.headers());
  }

  private static String toJsonObject(Map<String, String> state) {
    try {
      return Json.MAPPER.writeValueAsString(new TreeMap<>(state));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string map always serializes", e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
