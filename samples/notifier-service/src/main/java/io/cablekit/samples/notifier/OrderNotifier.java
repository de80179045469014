package io.cablekit.samples.notifier;

import java.io.IOException;

/**
 * Tells a customer's open browser tabs that an order changed. The front end subscribes to {@code
 * OrdersChannel}, which streams from {@code orders_<user id>}.
 */
public final class OrderNotifier {
  /** What the browser receives. */
  public record OrderUpdate(String order, String status) {}

  private final AnyCableBroadcaster broadcaster;

  public OrderNotifier(AnyCableBroadcaster broadcaster) {
    this.broadcaster = broadcaster;
  }

  /** The stream of one customer's order updates. */
  public static String stream(String userId) {
    return "orders_" + userId;
  }

  /** Broadcasts that the order shipped. */
  public void shipped(String userId, String orderId) throws IOException, InterruptedException {
    broadcaster.broadcast(stream(userId), new OrderUpdate(orderId, "shipped"));
  }
}
