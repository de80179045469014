package io.cablekit.mock.internal.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cablekit.mock.RpcCall;
import java.util.Map;

/** An {@link RpcCall} with its JSON decoded once, for matching it against many stubs. */
public final class CallView {
  private final RpcCall call;
  private JsonNode identifierJson;
  private ObjectNode params;
  private JsonNode dataJson;
  private JsonNode identifiersJson;
  private Map<String, String> cookies;
  private Map<String, String> query;

  public CallView(RpcCall call) {
    this.call = call;
  }

  public RpcCall call() {
    return call;
  }

  public JsonNode identifierJson() {
    if (identifierJson == null) {
      identifierJson = call.identifierJson();
    }
    return identifierJson;
  }

  public String channel() {
    JsonNode channel = identifierJson().get("channel");
    return channel != null && channel.isTextual() ? channel.textValue() : "";
  }

  public ObjectNode params() {
    if (params == null) {
      params = call.params();
    }
    return params;
  }

  public JsonNode dataJson() {
    if (dataJson == null) {
      dataJson = call.dataJson();
    }
    return dataJson;
  }

  public String action() {
    JsonNode action = dataJson().get("action");
    return action != null && action.isTextual() ? action.textValue() : "";
  }

  public JsonNode identifiersJson() {
    if (identifiersJson == null) {
      identifiersJson = call.identifiersJson();
    }
    return identifiersJson;
  }

  public Map<String, String> cookies() {
    if (cookies == null) {
      cookies = call.cookies();
    }
    return cookies;
  }

  public Map<String, String> query() {
    if (query == null) {
      query = call.query();
    }
    return query;
  }
}
