package io.cablekit.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets a long-running {@code serve} give heap it no longer needs back to the operating system.
 *
 * <p>G1 grows the heap during bursts (many clients connecting at once) and by default keeps it:
 * an idle server then holds several times its live set. These manageable HotSpot options make it
 * shrink after a collection and run a concurrent collection when it has been idle for a while
 * (JEP 346). An option the user set on the command line is left alone; on a JVM without these
 * options (another vendor, no {@code jdk.management}) nothing changes.
 */
final class IdleMemory {
  /** Applied in order: the minimum must stay at or below the maximum at every step. */
  static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("MinHeapFreeRatio", "5");
    OPTIONS.put("MaxHeapFreeRatio", "15");
    OPTIONS.put("G1PeriodicGCInterval", "15000");
  }

  private IdleMemory() {}

  /** Sets each option still at its default; returns what it set. */
  static Map<String, String> apply() {
    Map<String, String> set = new LinkedHashMap<>();
    HotSpotDiagnosticMXBean hotspot;
    try {
      hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException | LinkageError e) {
      return set; // not HotSpot, or no jdk.management
    }
    for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
      try {
        VMOption current = hotspot.getVMOption(option.getKey());
        if (current.getOrigin() == VMOption.Origin.DEFAULT && current.isWriteable()) {
          hotspot.setVMOption(option.getKey(), option.getValue());
          set.put(option.getKey(), option.getValue());
        }
      } catch (IllegalArgumentException e) {
        // an option this JVM lacks, or one that conflicts with what the user set: keep theirs
      }
    }
    return set;
  }
}
