package io.cablekit.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling as anycable-go does it (PROTOCOL.md 5.2): the first signal starts a
 * graceful shutdown, a second one exits at once.
 */
final class Signals {
  private Signals() {}

  static void onTerminate(Runnable graceful) {
    AtomicBoolean started = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (started.compareAndSet(false, true)) {
              Thread.ofPlatform().name("cablekit-shutdown").start(() -> {
                graceful.run();
                System.exit(0);
              });
            } else {
              Runtime.getRuntime().halt(130);
            }
          });
    }
  }
}
