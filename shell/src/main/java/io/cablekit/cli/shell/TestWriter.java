package io.cablekit.cli.shell;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a recorded session as a {@code @CableTest} class of the testkit: one test that replays
 * the socket actions in order, with each met {@code expect} as an assertion. With the mock's
 * stubs it is self-contained; without them it runs in contract mode against an RPC server.
 */
final class TestWriter {
  private final Recording rec;
  private final String packageName;
  private final String className;
  private final URI source;
  private final Map<String, String> clients = new HashMap<>();
  private final Map<String, String> subscriptions = new HashMap<>();
  private final Set<String> used = new HashSet<>(Set.of("cable", "WAIT", "STUBS"));

  TestWriter(Recording rec, String packageName, String className, URI source) {
    this.rec = rec;
    this.packageName = packageName;
    this.className = className;
    this.source = source;
  }

  /** A self-contained test: the mock answers from these stubs (YAML). */
  String withStubs(String yaml) {
    return render(yaml, null);
  }

  /** A contract test: the server calls the RPC server at {@code rpcHost}. */
  String contract(String rpcHost) {
    return render(null, rpcHost);
  }

  private String render(String yaml, String rpcHost) {
    String body = body(yaml != null);
    StringBuilder out = new StringBuilder();
    if (!packageName.isEmpty()) {
      out.append("package ").append(packageName).append(";\n\n");
    }
    out.append("import static io.cablekit.testkit.CableAssertions.assertThat;\n")
        .append("import static io.cablekit.testkit.CableAssertions.json;\n\n");
    if (yaml != null) {
      out.append("import io.cablekit.mock.StubFiles;\n");
    }
    out.append("import io.cablekit.testkit.CableClient;\nimport io.cablekit.testkit.CableTest;\n");
    if (body.contains("ConnectOptions.")) {
      out.append("import io.cablekit.testkit.ConnectOptions;\n");
    }
    if (body.contains("Subscription ")) {
      out.append("import io.cablekit.testkit.Subscription;\n");
    }
    out.append("import io.cablekit.testkit.TestCable;\nimport java.time.Duration;\nimport org.junit.jupiter.api.Test;\n\n");
    out.append(javadoc(yaml != null, rpcHost));
    out.append(rpcHost == null ? "@CableTest\n" : "@CableTest(rpcHost = " + JavaNames.literal(rpcHost) + ")\n");
    out.append("class ").append(className).append(" {\n");
    out.append("  static final Duration WAIT = Duration.ofSeconds(5);\n");
    if (yaml != null) {
      out.append("\n  /** The stubs the mock answered with during the session. */\n");
      out.append("  static final String STUBS = \"\"\"\n");
      for (String line : yaml.split("\n")) {
        out.append(line.isBlank() ? "" : "      " + line.replace("\\", "\\\\").replace("\"\"\"", "\"\"\\\"")).append('\n');
      }
      out.append("      \"\"\";\n");
    }
    out.append("\n  @Test\n  void replaysTheRecordedSession(TestCable cable) throws Exception {\n");
    out.append(body);
    out.append("  }\n}\n");
    return out.toString();
  }

  private String javadoc(boolean stubs, String rpcHost) {
    String when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    StringBuilder out = new StringBuilder("/**\n");
    out.append(" * Recorded with the CableKit shell ({@code record start ").append(rec.file().getFileName())
        .append("}) on ").append(when).append(source == null ? "" : "\n * against " + source).append(".\n *\n");
    out.append(" * <p>Run it: put it under {@code src/test/java")
        .append(packageName.isEmpty() ? "" : "/" + packageName.replace('.', '/'))
        .append("} of a project with the test dependency\n * {@code io.cablekit:cablekit-testkit} (JUnit 5), then {@code mvn test -Dtest=")
        .append(className).append("}.\n");
    if (stubs) {
      out.append(" * It starts its own CableKit server and mock RPC: the stubs below are those the mock used in the\n")
          .append(" * session, and calls its permissive default answered are written as explicit stubs, so the\n")
          .append(" * strict mock of {@code @CableTest} answers the same.\n");
    } else {
      out.append(" * Contract mode: the server calls the application's RPC server at ").append(rpcHost).append("; start it\n")
          .append(" * first (or change {@code rpcHost}, or set {@code -Dcablekit.rpc_host=...} and remove it).\n");
    }
    return out.append(" */\n").toString();
  }

  private String body(boolean stubs) {
    StringBuilder out = new StringBuilder();
    if (stubs) {
      out.append("    cable.rpc().replaceStubs(StubFiles.parse(STUBS, \"").append(className).append(".yml\"));\n\n");
    }
    for (Step step : rec.steps()) {
      String line = statement(step);
      if (line != null) {
        out.append("    ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  private String statement(Step step) {
    return switch (step) {
      case Step.Connected c -> connect(c);
      case Step.Subscribed s -> subscribe(s);
      case Step.Performed p -> sub(p.socket(), p.identifier()) != null
          ? sub(p.socket(), p.identifier()) + ".performRaw(" + JavaNames.literal(p.data()) + ");"
          : client(p.socket()) + ".send(" + JavaNames.literal(io.cablekit.protocol.ClientCommands.encode(
              new io.cablekit.protocol.ClientCommand.Message(p.identifier(), p.data()))) + ");";
      case Step.Unsubscribed u -> sub(u.socket(), u.identifier()) == null ? null : sub(u.socket(), u.identifier()) + ".unsubscribe();";
      case Step.Sent s -> client(s.socket()) + ".send(" + JavaNames.literal(s.frame()) + ");";
      case Step.Broadcasted b -> "cable.broadcast(" + JavaNames.literal(b.stream()) + ", " + JavaNames.literal(b.data()) + ");";
      case Step.Expected e -> expectation(e.socket(), e.identifier(), e.pattern(), duration(e.within()));
      case Step.Received r -> r.frame().isChannelMessage()
          ? expectation(r.socket(), r.frame().identifier(), r.frame().message().toString(), "WAIT")
          : expectation(r.socket(), null, r.frame().json().toString(), "WAIT");
      case Step.Closed c -> clients.containsKey(c.socket()) ? client(c.socket()) + ".close();" : null;
    };
  }

  private String connect(Step.Connected c) {
    String var = fresh(JavaNames.variable(c.socket()));
    clients.put(c.socket(), var);
    String options = options(c.spec());
    if (c.welcomed()) {
      return "CableClient " + var + " = cable.connect(" + (options == null ? "" : options) + ");";
    }
    return "CableClient " + var + " = cable.clients().connecting(" + (options == null ? "ConnectOptions.defaults()" : options) + ");";
  }

  private static String options(ConnectSpec spec) {
    StringBuilder out = new StringBuilder("ConnectOptions.defaults()");
    spec.headers().forEach((k, v) -> out.append(".header(").append(JavaNames.literal(k)).append(", ").append(JavaNames.literal(v)).append(')'));
    spec.cookies().forEach((k, v) -> out.append(".cookie(").append(JavaNames.literal(k)).append(", ").append(JavaNames.literal(v)).append(')'));
    spec.query().forEach((k, v) -> out.append(".query(").append(JavaNames.literal(k)).append(", ").append(JavaNames.literal(v)).append(')'));
    if (!spec.protocols().equals(List.of(ConnectSpec.JSON_PROTOCOL))) {
      out.append(".protocols(").append(String.join(", ", spec.protocols().stream().map(JavaNames::literal).toList())).append(')');
    }
    return out.toString().equals("ConnectOptions.defaults()") ? null : out.toString();
  }

  private String subscribe(Step.Subscribed s) {
    String client = client(s.socket());
    String channel = Targets.channel(s.identifier());
    String var = fresh(JavaNames.variable(s.socket() + " " + (channel == null ? "subscription" : channel.replace("::", " "))));
    subscriptions.put(s.socket() + "\n" + s.identifier(), var);
    String wait = switch (s.answer()) {
      case CONFIRMED -> ".awaitConfirmed()";
      case REJECTED -> ".awaitRejected()";
      case PENDING -> "";
    };
    return "Subscription " + var + " = " + client + ".subscribeIdentifier(" + JavaNames.literal(s.identifier()) + ")" + wait + ";";
  }

  private String expectation(String socket, String identifier, String pattern, String within) {
    String target = identifier == null ? null : sub(socket, identifier);
    String p = pattern;
    if (identifier != null && target == null) {
      p = "{\"identifier\":" + io.cablekit.protocol.Json.quote(identifier) + ",\"message\":" + pattern + "}";
    }
    return "assertThat(" + (target != null ? target : client(socket)) + ").receives(json(" + JavaNames.literal(p) + ")).within(" + within + ");";
  }

  private String client(String socket) {
    return clients.getOrDefault(socket, JavaNames.variable(socket));
  }

  private String sub(String socket, String identifier) {
    return subscriptions.get(socket + "\n" + identifier);
  }

  private String fresh(String base) {
    String name = base;
    for (int n = 2; used.contains(name); n++) {
      name = base + n;
    }
    used.add(name);
    return name;
  }

  private static String duration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? "Duration.ofSeconds(" + ms / 1000 + ")" : "Duration.ofMillis(" + ms + ")";
  }
}
