package io.cablekit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged cablekit.jar run as a user runs it, with its output lines awaitable. */
final class CableKitProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = new CopyOnWriteArrayList<>();

  private CableKitProcess(Process process) {
    this.process = process;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          all.add(line);
          lines.add(line);
        }
      } catch (IOException e) {
        // process ended
      }
    });
  }

  static CableKitProcess start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("cablekit.java", "java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(System.getProperty("cablekit.jar", "target/cablekit.jar"));
    command.addAll(List.of(args));
    try {
      return new CableKitProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for an output line matching {@code regex}; returns its first group (or the line). */
  String await(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no output line matching /" + regex + "/ within " + timeout.toMillis() + " ms; output:\n" + String.join("\n", all));
      }
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : line;
      }
    }
  }

  /** Waits for the process to exit; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("cablekit still running after " + timeout.toMillis() + " ms; output:\n" + String.join("\n", all));
    }
    return process.exitValue();
  }

  /** Sends SIGTERM, as a process manager would. */
  void terminate() {
    process.destroy();
  }

  List<String> output() {
    return List.copyOf(all);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
