package io.cablekit.mock;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The fluent half of stubbing: narrow the pattern, set priority or scenario, then finish with
 * {@link #reply}, which registers the stub with its mock.
 *
 * <pre>{@code
 * rpc.onPerform("ChatChannel", "speak").withParams(Map.of("room", "1")).priority(1)
 *     .reply(broadcast("chat_1", data -> data));
 * }</pre>
 */
public final class StubBuilder {
  private final Consumer<Stub> register;
  private RequestPattern pattern;
  private String name;
  private int priority = 5;
  private String scenario;
  private String requiredState;
  private String newState;

  StubBuilder(RequestPattern pattern, Consumer<Stub> register) {
    this.pattern = pattern;
    this.register = register;
  }

  public StubBuilder withParams(Object params) {
    pattern = pattern.withParams(params);
    return this;
  }

  public StubBuilder withData(Object data) {
    pattern = pattern.withData(data);
    return this;
  }

  public StubBuilder withIdentifiers(Object identifiers) {
    pattern = pattern.withIdentifiers(identifiers);
    return this;
  }

  public StubBuilder withHeader(String name, Object value) {
    pattern = pattern.withHeader(name, value);
    return this;
  }

  public StubBuilder withCookie(String name, Object value) {
    pattern = pattern.withCookie(name, value);
    return this;
  }

  public StubBuilder withQuery(String name, Object value) {
    pattern = pattern.withQuery(name, value);
    return this;
  }

  public StubBuilder withPath(Object path) {
    pattern = pattern.withPath(path);
    return this;
  }

  public StubBuilder withCstate(String key, Object value) {
    pattern = pattern.withCstate(key, value);
    return this;
  }

  public StubBuilder withIstate(String key, Object value) {
    pattern = pattern.withIstate(key, value);
    return this;
  }

  /** Names the stub in reports. */
  public StubBuilder named(String stubName) {
    this.name = stubName;
    return this;
  }

  /** 1 is the highest priority; the default is 5. */
  public StubBuilder priority(int value) {
    this.priority = value;
    return this;
  }

  /** Puts the stub in a scenario (a named state machine starting in {@link Stub#STARTED}). */
  public StubBuilder inScenario(String scenarioName) {
    this.scenario = scenarioName;
    return this;
  }

  /** Matches only while the scenario is in {@code state}. */
  public StubBuilder whenState(String state) {
    this.requiredState = state;
    return this;
  }

  /** Moves the scenario to {@code state} when the stub is used. */
  public StubBuilder willSetState(String state) {
    this.newState = state;
    return this;
  }

  /** Registers the stub with one reply for every matching call. */
  public Stub reply(Reply reply) {
    return replies(reply);
  }

  /** Registers the stub with a reply computed from each call. */
  public Stub reply(Function<RpcCall, Reply> fn) {
    return replies(Replies.computed(fn));
  }

  /** Registers a sequence: the n-th matching call gets the n-th reply; the last one repeats. */
  public Stub replies(Reply... replies) {
    return replies(Arrays.asList(replies));
  }

  public Stub replies(List<Reply> replies) {
    Stub stub = new Stub(null, name, priority, pattern, replies, scenario, requiredState, newState, "dsl");
    register.accept(stub);
    return stub;
  }
}
