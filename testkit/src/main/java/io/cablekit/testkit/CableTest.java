package io.cablekit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with a CableServer and a MockRpc on free loopback ports.
 *
 * <p>Inject them through {@link Cable}-annotated {@link TestCable} fields (a static field: one per
 * class, shared by its tests; an instance field: one per test) or as test method parameters of
 * type {@link TestCable}, {@link io.cablekit.mock.MockRpc}, {@link io.cablekit.server.CableServer}
 * or {@link CableClients} (the class's static cable if there is one, else one per test).
 *
 * <p>The mock is strict: a subscribe or perform that no stub matches fails the test after it ran,
 * with the closest stubs and why each did not match. Clients opened through {@link CableClients}
 * are closed after each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CableExtension.class)
public @interface CableTest {
  /**
   * Contract mode: the server calls this RPC server instead of the mock ({@code host:port}, or an
   * {@code http://} HTTP RPC URL). Also settable for every test with the system property {@code
   * cablekit.rpc_host} or the environment variable {@code CABLEKIT_RPC_HOST}; the annotation wins.
   */
  String rpcHost() default "";

  /** How {@link TestCable#broadcast} and stub broadcasts reach the server. */
  Broadcasting broadcasting() default Broadcasting.IN_PROCESS;

  /**
   * How many server nodes to run, sharing one mock and an embedded Redis (the inter-node pub/sub),
   * so a test can put clients on different nodes: {@code cable.connectTo(1)}.
   */
  int nodes() default 1;

  /**
   * A contract test: it must run against an external RPC server. Without one ({@link #rpcHost},
   * {@code cablekit.rpc_host} or {@code CABLEKIT_RPC_HOST}) the class fails at once, saying so,
   * instead of running against a mock it was not written for.
   */
  boolean contract() default false;

  /** Stub file or directory loaded into the mock before each cable starts (docs/stub-files.md). */
  String stubs() default "";

  /** Request headers forwarded to RPC ({@code --headers}). */
  String[] headers() default {"cookie"};

  /** Fail a test when a subscribe or perform matched no stub. */
  boolean strict() default true;

  /**
   * Server options in anycable-go's spelling, as {@code serve} takes them, e.g. {@code
   * {"--broker=memory", "--presence_ttl=0"}}. The extension still chooses the ports, the RPC host
   * and the broadcasting; an unknown flag, or one that has no effect in CableKit, fails the class.
   */
  String[] options() default {};
}
