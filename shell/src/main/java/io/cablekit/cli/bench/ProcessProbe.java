package io.cablekit.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a process's resident memory ({@code VmRSS} of {@code /proc/<pid>/status}) and CPU time
 * ({@code utime + stime} of {@code /proc/<pid>/stat}), and for a JVM asks {@code jcmd} for a full
 * GC and the heap in use.
 */
final class ProcessProbe {
  /** Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ is 100 on Linux. */
  static final int TICKS_PER_SECOND = 100;
  private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)K");

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  static ProcessProbe self() {
    return new ProcessProbe(ProcessHandle.current().pid());
  }

  long pid() {
    return pid;
  }

  /** Resident memory in KB, or -1 when it cannot be read. */
  long rssKb() {
    try {
      return rssKb(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
    } catch (IOException e) {
      return -1;
    }
  }

  static long rssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  /** User plus system CPU time in ticks, or -1 when it cannot be read. */
  long cpuTicks() {
    try {
      return cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    } catch (IOException e) {
      return -1;
    }
  }

  static long cpuTicks(String stat) {
    // the command name (field 2) may contain spaces and parentheses: fields count from the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state); utime is field 14, stime field 15
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** CPU use between two samples, in percent of one core. */
  static double cpuPercent(long ticksBefore, long ticksAfter, long nanos) {
    if (ticksBefore < 0 || ticksAfter < 0 || nanos <= 0) {
      return -1;
    }
    return Math.round((ticksAfter - ticksBefore) * 1e9 / TICKS_PER_SECOND / nanos * 1000) / 10.0;
  }

  /** Runs a full GC in a JVM ({@code jcmd <pid> GC.run}); returns false when that failed. */
  boolean fullGc() {
    return jcmd("GC.run") != null;
  }

  /** The live heap after the last GC, in KB, from {@code jcmd <pid> GC.heap_info}; -1 when unknown. */
  long heapUsedKb() {
    String out = jcmd("GC.heap_info");
    if (out == null) {
      return -1;
    }
    return heapUsedKb(out);
  }

  static long heapUsedKb(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private String jcmd(String command) {
    List<String> cmd = new ArrayList<>();
    Path here = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    cmd.add(Files.isExecutable(here) ? here.toString() : "jcmd");
    cmd.add(String.valueOf(pid));
    cmd.add(command);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
