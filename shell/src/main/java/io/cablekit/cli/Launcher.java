package io.cablekit.cli;

import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of cablekit.jar, compiled for Java 8 so that running the JAR on an old Java prints
 * a clear message instead of an UnsupportedClassVersionError.
 */
public final class Launcher {
  private static final int REQUIRED = 21;

  private Launcher() {}

  public static void main(String[] args) throws Throwable {
    int version = feature(System.getProperty("java.specification.version", "0"));
    if (version < REQUIRED) {
      System.err.println(
          "CableKit needs Java " + REQUIRED + " or newer; this is Java " + version
              + " (" + System.getProperty("java.home") + ").");
      System.exit(2);
    }
    try {
      Class.forName("io.cablekit.cli.Main")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static int feature(String spec) {
    String s = spec.startsWith("1.") ? spec.substring(2) : spec;
    int dot = s.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
