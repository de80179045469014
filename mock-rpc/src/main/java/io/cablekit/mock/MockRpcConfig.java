package io.cablekit.mock;

import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Settings of a {@link MockRpc}: where it listens, its mode, the HTTP RPC path and secret, and how
 * much it journals. Defaults: loopback, a free port, {@link Mode#STRICT}, {@code /_anycable}, no
 * secret, 10,000 calls.
 */
public final class MockRpcConfig {
  private final String host;
  private final int port;
  private final Mode mode;
  private final String httpPath;
  private final String httpSecret;
  private final int journalLimit;
  private final List<BiConsumer<MockRpc, HttpRouting.Builder>> extraRoutes;

  private MockRpcConfig(Builder b) {
    if (b.port < 0 || b.port > 65535) {
      throw new IllegalArgumentException("port: " + b.port + " is not a port number (0-65535)");
    }
    if (!b.httpPath.startsWith("/")) {
      throw new IllegalArgumentException("httpPath: \"" + b.httpPath + "\" must start with /");
    }
    this.host = b.host;
    this.port = b.port;
    this.mode = b.mode;
    this.httpPath = b.httpPath;
    this.httpSecret = b.httpSecret;
    this.journalLimit = b.journalLimit;
    this.extraRoutes = List.copyOf(b.extraRoutes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  /** The host clients dial, as it goes in a URL: a wildcard bind means loopback; IPv6 is bracketed. */
  String dialHost() {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
  }

  public int port() {
    return port;
  }

  public Mode mode() {
    return mode;
  }

  public String httpPath() {
    return httpPath;
  }

  public String httpSecret() {
    return httpSecret;
  }

  public int journalLimit() {
    return journalLimit;
  }

  /** Extra HTTP routes on the mock's port (the admin API registers itself this way). */
  public List<BiConsumer<MockRpc, HttpRouting.Builder>> extraRoutes() {
    return extraRoutes;
  }

  /** Builder of {@link MockRpcConfig}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Mode mode = Mode.STRICT;
    private String httpPath = "/_anycable";
    private String httpSecret;
    private int journalLimit = 10_000;
    private final List<BiConsumer<MockRpc, HttpRouting.Builder>> extraRoutes = new ArrayList<>();

    public Builder host(String value) {
      host = value;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder mode(Mode value) {
      mode = value;
      return this;
    }

    public Builder httpPath(String value) {
      httpPath = value;
      return this;
    }

    /** Bearer secret HTTP RPC requests must carry; null for none. */
    public Builder httpSecret(String value) {
      httpSecret = value;
      return this;
    }

    /** How many calls the journal keeps (oldest dropped first); 0 keeps all. */
    public Builder journalLimit(int value) {
      journalLimit = value;
      return this;
    }

    public Builder route(BiConsumer<MockRpc, HttpRouting.Builder> route) {
      extraRoutes.add(route);
      return this;
    }

    public MockRpcConfig build() {
      return new MockRpcConfig(this);
    }
  }
}
