package io.cablekit.testkit;

import io.cablekit.mock.MockRpc;
import io.cablekit.mock.Mode;
import io.cablekit.mock.RecordedCall;
import io.cablekit.mock.internal.reports.NearMiss;
import io.cablekit.server.CableServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link CableTest}. Cables live in JUnit's store (closed by JUnit:
 * per class for static fields, per test otherwise), so parallel tests never share anything the
 * test did not share itself.
 */
public final class CableExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CableExtension.class);
  private static final String CLASS_CABLE = "class-cable";
  private static final String TEST_CABLE = "test-cable";
  private static final String USED = "used";

  /** A cable, the journal position at the start of the current test, and its per-test clients. */
  private record Use(TestCable cable, int journalMark, CableClients clients) {}

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    for (Field field : cableFields(testClass)) {
      if (Modifier.isStatic(field.getModifiers())) {
        TestCable cable = start(context);
        context.getStore(NS).put(CLASS_CABLE, new Closing(cable));
        field.setAccessible(true);
        field.set(null, cable);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : cableFields(instance.getClass())) {
        if (!Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(instance, testCable(context));
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestCable.class || type == MockRpc.class || type == CableServer.class || type == CableClients.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    TestCable cable = classCable(context).orElseGet(() -> testCable(context));
    if (type == MockRpc.class) {
      return cable.rpc();
    }
    if (type == CableServer.class) {
      return cable.server();
    }
    if (type == CableClients.class) {
      return use(context, cable).clients();
    }
    return cable;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    List<Use> uses = (List<Use>) context.getStore(NS).get(USED, List.class);
    if (uses == null) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (Use use : uses) {
      for (CableClient client : use.clients().all()) {
        for (Object e : client.incompleteExpectations()) {
          failures.add("An assertion was never completed: " + e + " on " + client
              + " needs .within(Duration) (or .during(Duration) for receivesNothing), or it checks nothing.");
        }
      }
      use.clients().close();
      if (strict(context) && !use.cable().contractMode()) {
        List<RecordedCall> calls = use.cable().rpc().calls();
        for (RecordedCall c : calls.subList(Math.min(use.journalMark(), calls.size()), calls.size())) {
          if ("strict".equals(c.defaultReply())) {
            failures.add("A call to the mock RPC matched no stub (strict mode: stub it, or use"
                + " @CableTest(strict = false)).\n" + NearMiss.unmatched(c.call(), use.cable().rpc().stubs()));
          }
        }
      }
    }
    if (!failures.isEmpty() && context.getExecutionException().isEmpty()) {
      throw new AssertionError(
          String.join("\n\n", failures));
    }
  }

  // ---- cables ----

  /** The class's static cable: stores fall back to their parents, so a test context sees it. */
  private static Optional<TestCable> classCable(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(NS).get(CLASS_CABLE, Closing.class)).map(Closing::cable);
  }

  /** The current test's own cable, started on first use, closed with the test. */
  private TestCable testCable(ExtensionContext context) {
    Closing closing =
        context.getStore(NS).getOrComputeIfAbsent(TEST_CABLE, k -> new Closing(start(context)), Closing.class);
    use(context, closing.cable());
    return closing.cable();
  }

  private static Use use(ExtensionContext context, TestCable cable) {
    @SuppressWarnings("unchecked")
    List<Use> uses = context.getStore(NS).getOrComputeIfAbsent(USED, k -> new ArrayList<Use>(), List.class);
    synchronized (uses) {
      for (Use u : uses) {
        if (u.cable() == cable) {
          return u;
        }
      }
      int mark = cable.contractMode() ? 0 : cable.rpc().calls().size();
      Use use = new Use(cable, mark, cable == classCable(context).orElse(null) ? new CableClients(cable.server()) : cable.clients());
      uses.add(use);
      return use;
    }
  }

  private static TestCable start(ExtensionContext context) {
    CableTest settings =
        context.getTestClass().map(c -> c.getAnnotation(CableTest.class)).orElse(null);
    String rpcHost = settings == null ? "" : settings.rpcHost();
    if (rpcHost.isBlank()) {
      rpcHost = context.getConfigurationParameter("cablekit.rpc_host")
          .orElse(System.getProperty("cablekit.rpc_host", System.getenv().getOrDefault("CABLEKIT_RPC_HOST", "")));
    }
    if (settings != null && settings.contract() && rpcHost.isBlank()) {
      throw new ExtensionConfigurationException(
          context.getRequiredTestClass().getSimpleName() + " is a contract test (@CableTest(contract = true)):"
              + " point it at the application's RPC server with -Dcablekit.rpc_host=host:port,"
              + " CABLEKIT_RPC_HOST or @CableTest(rpcHost = ...)");
    }
    String[] headers = settings == null ? new String[] {"cookie"} : settings.headers();
    String stubs = settings == null ? "" : settings.stubs();
    io.cablekit.server.CableConfig options = options(context, settings);
    return TestCable.builder()
        .stubs(stubs.isBlank() ? null : java.nio.file.Path.of(stubs))
        .rpcHost(rpcHost)
        .broadcasting(settings == null ? Broadcasting.IN_PROCESS : settings.broadcasting())
        .nodes(settings == null ? 1 : settings.nodes())
        .mode(Mode.STRICT)
        .config(b -> options.toBuilder().host("127.0.0.1").headers(List.of(headers)))
        .start();
  }

  /** The {@code options} of the annotation, parsed as {@code serve} parses its flags. */
  private static io.cablekit.server.CableConfig options(ExtensionContext context, CableTest settings) {
    List<String> flags = settings == null ? List.of() : List.of(settings.options());
    try {
      io.cablekit.server.CableOptions.Result result = io.cablekit.server.CableOptions.parse(flags, java.util.Map.of());
      if (!result.warnings().isEmpty()) {
        throw new ExtensionConfigurationException(
            context.getRequiredTestClass().getSimpleName() + ": @CableTest(options) " + String.join("; ", result.warnings()));
      }
      return result.config();
    } catch (io.cablekit.server.OptionsException e) {
      throw new ExtensionConfigurationException(
          context.getRequiredTestClass().getSimpleName() + ": @CableTest(options) " + e.getMessage(), e);
    }
  }

  private static boolean strict(ExtensionContext context) {
    return context.getTestClass().map(c -> c.getAnnotation(CableTest.class)).map(CableTest::strict).orElse(true);
  }

  private static List<Field> cableFields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(Cable.class)) {
          if (f.getType() != TestCable.class) {
            throw new ExtensionConfigurationException(
                "@Cable field " + c.getSimpleName() + "." + f.getName() + " must be of type TestCable, not " + f.getType().getSimpleName());
          }
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Lets JUnit close a cable with its store. */
  private record Closing(TestCable cable) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      cable.close();
    }
  }
}
