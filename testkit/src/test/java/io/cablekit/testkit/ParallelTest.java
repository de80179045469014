package io.cablekit.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The testkit bar: fifty tests in parallel without interference. */
class ParallelTest {
  @Test
  void fiftyTestsRunInParallelWithoutInterference() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "16")
        .selectors(selectClass(ParallelExamples.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(50).succeeded(50).failed(0));
  }
}
