package io.cablekit.server;

/** Version strings CableKit reports. */
public final class Version {
  /** CableKit's own version, from the JAR manifest when packaged. */
  public static final String CABLEKIT =
      Version.class.getPackage().getImplementationVersion() != null
          ? Version.class.getPackage().getImplementationVersion()
          : "dev";

  /** The anycable-go version whose wire behaviour CableKit follows (PROTOCOL.md 0). */
  public static final String ANYCABLE_COMPATIBLE = "1.6.16-cablekit";

  private Version() {}
}
