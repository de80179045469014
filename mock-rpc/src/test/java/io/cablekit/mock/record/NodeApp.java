package io.cablekit.mock.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the Node application in {@code src/test/js/record/} (the pattern of the server module's
 * {@code NodeClients}): copies it to {@code target/js-record/} once per JVM, runs {@code npm ci}
 * when {@code node_modules} is missing or older than the lock file, and starts a script that
 * prints one JSON event per line and takes JSON commands on stdin.
 */
public final class NodeApp implements AutoCloseable {
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static Path prepared;

  private final String script;
  private final Process process;
  private final Writer stdin;
  private final LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
  private final List<JsonNode> pending = new ArrayList<>();
  private final List<String> transcript = new CopyOnWriteArrayList<>();

  private NodeApp(String script, Process process) {
    this.script = script;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread.ofVirtual().name("node-out-" + script).start(this::readStdout);
    Thread.ofVirtual().name("node-err-" + script).start(this::readStderr);
  }

  /** Prepares the project if needed and starts {@code node <script> <args...>} in it. */
  public static NodeApp start(String script, String... args) {
    Path work = prepare();
    List<String> command = new ArrayList<>(List.of(WINDOWS ? "node.exe" : "node", script));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().put("NODE_NO_WARNINGS", "1");
    try {
      return new NodeApp(script, pb.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + " (is Node.js 20.6+ on the PATH?): " + e.getMessage(), e);
    }
  }

  /** Copies {@code src/test/js/record} to {@code target/js-record} and installs it when needed; once per JVM. */
  public static synchronized Path prepare() {
    if (prepared != null) {
      return prepared;
    }
    Path module = Path.of("").toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/js/record"))) {
      module = module.resolve("mock-rpc");
    }
    Path source = module.resolve("src/test/js/record");
    Path work = module.resolve("target/js-record");
    try {
      Files.createDirectories(work);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
        for (Path f : files) {
          if (Files.isRegularFile(f)) {
            // keep the mtime, so "node_modules older than the lock" compares real edits
            Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      Path lock = work.resolve("package-lock.json");
      Path installed = work.resolve("node_modules/.package-lock.json");
      if (!Files.isRegularFile(installed) || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0) {
        npmCi(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + work, e);
    }
    prepared = work;
    return work;
  }

  private static void npmCi(Path work) throws IOException {
    List<String> command = List.of(WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund");
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("npm_config_update_notifier", "false");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("`npm` is not on the PATH; the record tests need Node.js 20.6+ and npm: " + e.getMessage(), e);
    }
    p.getOutputStream().close();
    StringBuilder out = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (out) {
            out.append(line).append('\n');
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    });
    try {
      boolean done = p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      reader.join(Duration.ofSeconds(10));
      if (!done || p.exitValue() != 0) {
        throw new IllegalStateException("`" + String.join(" ", command) + "` in " + work
            + (done ? " exited with " + p.exitValue() : " timed out") + ":\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted during npm ci", e);
    }
  }

  /** Sends one JSON command line. */
  public NodeApp send(String json) {
    synchronized (stdin) {
      transcript.add("<< " + json);
      try {
        stdin.write(json + "\n");
        stdin.flush();
      } catch (IOException e) {
        throw new AssertionError(script + ": cannot send " + json + "\n" + transcript(), e);
      }
    }
    return this;
  }

  /** Waits for (and consumes) the first event named {@code event} that {@code filter} accepts. */
  public synchronized JsonNode await(String event, Predicate<JsonNode> filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      incoming.drainTo(pending);
      for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
        JsonNode e = it.next();
        if (e.path("event").asText().equals(event) && filter.test(e)) {
          it.remove();
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || pending.stream().anyMatch(e -> e.path("event").asText().equals("exit"))) {
        throw new AssertionError(script + ": no \"" + event + "\" event within " + timeout.toMillis() + " ms\n" + transcript());
      }
      try {
        JsonNode next = incoming.poll(left, TimeUnit.NANOSECONDS);
        if (next != null) {
          pending.add(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Every event printed so far (consumed or not), in order. */
  public List<JsonNode> events() {
    return transcript.stream().filter(l -> l.startsWith(">> {")).map(l -> parse(l.substring(3))).toList();
  }

  public String transcript() {
    return "---- " + script + " ----\n" + String.join("\n", transcript) + "\n---- end ----";
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        transcript.add(">> " + line);
        incoming.add(parse(line));
      }
    } catch (IOException ignored) {
      // killed
    } finally {
      transcript.add("== stdout closed");
      incoming.add(Json.MAPPER.createObjectNode().put("event", "exit"));
    }
  }

  private void readStderr() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        transcript.add("!! " + line);
      }
    } catch (IOException ignored) {
      // killed
    }
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      if (node != null && node.isObject() && node.has("event")) {
        return node;
      }
    } catch (IOException ignored) {
      // not an event
    }
    return Json.MAPPER.createObjectNode().put("event", "stdout").put("line", line);
  }
}
