package io.cablekit.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the Node interop scripts in {@code src/test/js/}: prepares a Node project once per JVM in
 * {@code target/js-interop/} ({@code npm ci} when {@code node_modules} is missing or older than
 * the lock file) and starts scripts as subprocesses that take JSON commands on stdin and print
 * one JSON event per line on stdout.
 */
public final class NodeClients {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private static Path prepared;

  private NodeClients() {}

  /** Copies the Node project into {@code target/js-interop} and installs it if needed; once per JVM. */
  public static synchronized Path prepare() {
    if (prepared != null) {
      return prepared;
    }
    Path moduleDir = moduleDir();
    Path source = moduleDir.resolve("src/test/js");
    Path work = moduleDir.resolve("target/js-interop");
    String nodeVersion = requireTool(List.of(WINDOWS ? "node.exe" : "node", "--version"), "node");
    requireTool(List.of(npm(), "--version"), "npm");
    if (!nodeVersion.matches("v(\\d+)\\..*") || Integer.parseInt(nodeVersion.substring(1, nodeVersion.indexOf('.'))) < 20) {
      throw new IllegalStateException("the npm interop tests need Node.js 20 or newer, found " + nodeVersion);
    }
    try {
      Files.createDirectories(work);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (Files.isRegularFile(f) && (name.endsWith(".mjs") || name.endsWith(".js") || name.endsWith(".json"))) {
            // keep the source mtime so "node_modules older than the lock file" compares real edits
            Files.copy(f, work.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      Path lock = work.resolve("package-lock.json");
      if (!Files.isRegularFile(lock)) {
        throw new IllegalStateException("missing " + source.resolve("package-lock.json"));
      }
      // npm ci writes node_modules/.package-lock.json last; missing => no complete install
      Path installed = work.resolve("node_modules/.package-lock.json");
      if (!Files.isRegularFile(installed) || olderThan(installed, lock)) {
        npmCi(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + work, e);
    }
    prepared = work;
    return work;
  }

  /** Starts {@code node <script> <args...>} in the prepared project. */
  public static NodeClient start(String script, String... args) {
    Path work = prepare();
    List<String> command = new ArrayList<>();
    command.add(WINDOWS ? "node.exe" : "node");
    command.add(script);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().put("NODE_NO_WARNINGS", "1");
    try {
      return new NodeClient(script, pb.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
    }
  }

  private static Path moduleDir() {
    Path cwd = Path.of("").toAbsolutePath();
    // other modules' tests (shell, testkit) share the server module's Node project
    for (Path candidate : List.of(cwd, cwd.resolve("server"), cwd.resolveSibling("server"))) {
      if (Files.isRegularFile(candidate.resolve("src/test/js/package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find src/test/js/package.json from working directory " + cwd);
  }

  private static boolean olderThan(Path a, Path b) throws IOException {
    FileTime ta = Files.getLastModifiedTime(a);
    FileTime tb = Files.getLastModifiedTime(b);
    return ta.compareTo(tb) < 0;
  }

  private static String npm() {
    return WINDOWS ? "npm.cmd" : "npm";
  }

  private static String requireTool(List<String> command, String name) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("`" + String.join(" ", command) + "` failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "`" + name + "` is not on the PATH; the npm client interop tests need Node.js 20+ and npm ("
              + e.getMessage() + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static void npmCi(Path work) throws IOException {
    List<String> command = List.of(npm(), "ci", "--no-audit", "--no-fund");
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("npm_config_update_notifier", "false");
    Process p = pb.start();
    p.getOutputStream().close();
    StringBuilder out = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> copyInto(p.getInputStream(), out));
    try {
      boolean done = p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      reader.join(Duration.ofSeconds(10));
      if (!done || p.exitValue() != 0) {
        throw new IllegalStateException(
            "`" + String.join(" ", command) + "` in " + work
                + (done ? " exited with " + p.exitValue() : " timed out after " + INSTALL_TIMEOUT)
                + "; npm output:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted during npm ci", e);
    }
  }

  private static void copyInto(InputStream in, StringBuilder out) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (out) {
          out.append(line).append('\n');
        }
      }
    } catch (IOException ignored) {
      // process gone
    }
  }

  /** A running script. Events are JSON objects with an {@code event} field. */
  public static final class NodeClient implements AutoCloseable {
    private final String script;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    /** Events received but not yet consumed by an await, in arrival order. */
    private final List<JsonNode> pending = new ArrayList<>();
    /** Everything the process printed (events, frames, logs, stderr), for failure messages. */
    private final List<String> transcript = new CopyOnWriteArrayList<>();
    private volatile boolean exited;

    private NodeClient(String script, Process process) {
      this.script = script;
      this.process = process;
      this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      Thread.ofVirtual().name("node-stdout-" + script).start(this::readStdout);
      Thread.ofVirtual().name("node-stderr-" + script).start(this::readStderr);
    }

    /** Sends one command object, e.g. {@code send("op", "subscribe", "channel", "ChatChannel")}. */
    public NodeClient send(Object... keyValues) {
      ObjectNode cmd = JSON.createObjectNode();
      for (int i = 0; i < keyValues.length; i += 2) {
        cmd.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
      }
      return sendLine(cmd.toString());
    }

    public NodeClient sendLine(String json) {
      synchronized (stdin) {
        transcript.add("<< " + json);
        try {
          stdin.write(json);
          stdin.write('\n');
          stdin.flush();
        } catch (IOException e) {
          throw new AssertionError(script + ": cannot write command " + json + " (process exited?)\n" + transcript(), e);
        }
      }
      return this;
    }

    /** Waits for the next unconsumed event named {@code event}. */
    public JsonNode await(String event, Duration timeout) {
      return await(event, e -> true, timeout);
    }

    /** Waits for the first unconsumed event named {@code event} that matches {@code filter}; consumes it. */
    public JsonNode await(String event, Predicate<JsonNode> filter, Duration timeout) {
      Predicate<JsonNode> match = e -> e.path("event").asText().equals(event) && filter.test(e);
      JsonNode found = poll(match, timeout);
      if (found == null) {
        throw new AssertionError(
            script + ": no matching \"" + event + "\" event within " + timeout.toMillis() + " ms"
                + (exited ? " (process exited: " + process.exitValue() + ")" : "") + "\n" + transcript());
      }
      return found;
    }

    /** Fails if an event named {@code event} matching {@code filter} arrives within {@code window}. */
    public void assertNoEvent(String event, Predicate<JsonNode> filter, Duration window) {
      Predicate<JsonNode> match = e -> e.path("event").asText().equals(event) && filter.test(e);
      JsonNode found = poll(match, window);
      if (found != null) {
        throw new AssertionError(script + ": unexpected event " + found + "\n" + transcript());
      }
    }

    /** Every unconsumed and consumed event so far, in arrival order (frames and logs included). */
    public List<JsonNode> events() {
      drain();
      return transcript.stream()
          .filter(l -> l.startsWith(">> {"))
          .map(l -> parse(l.substring(3)))
          .toList();
    }

    private synchronized JsonNode poll(Predicate<JsonNode> match, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        drain();
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
          JsonNode e = it.next();
          if (match.test(e)) {
            it.remove();
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || pending.stream().anyMatch(e -> e.path("event").asText().equals("exit"))) {
          return null; // timed out, or the process is gone and nothing else will arrive
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

    private void drain() {
      synchronized (this) {
        incoming.drainTo(pending);
      }
    }

    /** The full transcript: {@code <<} commands, {@code >>} stdout lines, {@code !!} stderr lines. */
    public String transcript() {
      return "---- " + script + " transcript ----\n" + String.join("\n", transcript) + "\n---- end ----";
    }

    /** Sends {@code close}, waits for the script's {@code closed} event and for the process to exit. */
    public void closeGracefully(Duration timeout) {
      sendLine("{\"op\":\"close\"}");
      await("closed", timeout);
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(script + ": did not exit after close\n" + transcript());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Kills the process (and anything it started). */
    @Override
    public void close() {
      synchronized (stdin) {
        try {
          stdin.close();
        } catch (IOException ignored) {
          // already gone
        }
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void readStdout() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          transcript.add(">> " + line);
          JsonNode event = parse(line);
          incoming.add(event);
        }
      } catch (IOException ignored) {
        // process killed
      } finally {
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exited = !process.isAlive();
        String code = exited ? String.valueOf(process.exitValue()) : "?";
        transcript.add("== stdout closed, exit code " + code);
        incoming.add(JSON.createObjectNode().put("event", "exit").put("code", code));
      }
    }

    private void readStderr() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          transcript.add("!! " + line);
        }
      } catch (IOException ignored) {
        // process killed
      }
    }

    private static JsonNode parse(String line) {
      try {
        JsonNode node = JSON.readTree(line);
        if (node != null && node.isObject() && node.has("event")) {
          return node;
        }
      } catch (IOException ignored) {
        // fall through: not an event line
      }
      return JSON.createObjectNode().put("event", "stdout").put("line", line);
    }
  }
}
