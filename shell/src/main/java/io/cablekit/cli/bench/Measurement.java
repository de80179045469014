package io.cablekit.cli.bench;

/**
 * One measured burst of broadcasts at a fixed rate.
 *
 * @param rate the broadcast rate asked for, per second
 * @param achievedRate the rate the publisher achieved, per second
 * @param broadcasts broadcasts sent
 * @param publishErrors broadcasts the server refused or that failed to send
 * @param clients clients subscribed when the burst started
 * @param expected deliveries expected (clients x broadcasts sent)
 * @param delivered deliveries received within the drain time
 * @param latency delivery latency, publisher's send to client's receipt
 * @param serverCpuPercent server CPU during the burst, percent of one core; -1 without --pid
 * @param serverRssKbPeak peak server RSS during the burst in KB; -1 without --pid
 * @param clientCpuPercent the load generator's CPU during the burst, percent of one core
 */
public record Measurement(
    double rate,
    double achievedRate,
    long broadcasts,
    long publishErrors,
    int clients,
    long expected,
    long delivered,
    Latencies.Summary latency,
    double serverCpuPercent,
    long serverRssKbPeak,
    double clientCpuPercent) {

  /** Delivered over expected (1 when nothing was expected). */
  public double ratio() {
    return expected == 0 ? 1 : (double) delivered / expected;
  }

  /** Deliveries per second: the achieved broadcast rate times the subscribed clients. */
  public double deliveriesPerSecond() {
    return achievedRate * clients;
  }
}
