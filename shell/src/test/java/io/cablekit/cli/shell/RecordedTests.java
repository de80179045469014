package io.cablekit.cli.shell;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Compiles a test the shell wrote against the test classpath and runs it with JUnit. */
final class RecordedTests {
  private RecordedTests() {}

  /** The test classpath (Surefire puts it in java.class.path even with its manifest-only JAR). */
  static String classpath() {
    String cp = System.getProperty("java.class.path");
    return cp.contains("cablekit-testkit") || cp.contains("testkit/target/classes") ? cp : System.getProperty("surefire.test.class.path", cp);
  }

  /** Compiles {@code source} into {@code classes}, failing with the compiler's messages. */
  static Class<?> compile(Path source, Path classes, String className) throws IOException, ClassNotFoundException {
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      Boolean ok = javac.getTask(null, files, diagnostics,
              List.of("-classpath", classpath(), "-d", classes.toString(), "-proc:none", "-Xlint:none"),
              null, files.getJavaFileObjects(source))
          .call();
      if (!ok) {
        throw new AssertionError("the recorded test does not compile:\n" + diagnostics.getDiagnostics() + "\n" + Files.readString(source));
      }
    }
    @SuppressWarnings("resource") // the class must stay loadable while JUnit runs it
    URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, RecordedTests.class.getClassLoader());
    return loader.loadClass(className);
  }

  /** Runs a test class with the Jupiter engine. */
  static EngineExecutionResults run(Class<?> test) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(test)).execute();
  }
}
