package io.cablekit.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws results as a PNG with Java2D: delivery latency (p50 dashed, p90 dotted, p99 solid, log
 * scale) against the number of clients, one colour per server, and, when ramps were run, p99
 * against deliveries per second with the 250 ms limit.
 */
public final class Chart {
  private static final Color[] COLORS = {
    new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD)
  };
  private static final int PANEL_W = 560;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 90;

  private Chart() {}

  /** Writes the chart of {@code series} to {@code file}. */
  public static void draw(List<ResultJson.Series> series, double limitMs, File file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    boolean ramp = series.stream().anyMatch(s -> !s.ramp().isEmpty());
    boolean levels = series.stream().anyMatch(s -> !s.byClients().isEmpty());
    int panels = (ramp ? 1 : 0) + (levels || !ramp ? 1 : 0);
    BufferedImage image = new BufferedImage(PANEL_W * panels, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      int x0 = 0;
      if (levels || !ramp) {
        latencyByClients(g, x0, series);
        x0 += PANEL_W;
      }
      if (ramp) {
        ramp(g, x0, series, limitMs);
      }
      legend(g, series);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file);
  }

  private static void latencyByClients(Graphics2D g, int x0, List<ResultJson.Series> series) {
    double maxX = 1;
    double maxY = 1;
    double minY = Double.MAX_VALUE;
    for (ResultJson.Series s : series) {
      for (double[] p : s.byClients()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[3]);
        minY = Math.min(minY, Math.max(0.1, p[1]));
      }
    }
    Axes axes = new Axes(x0, 0, maxX * 1.05, logFloor(minY == Double.MAX_VALUE ? 1 : minY), logCeil(maxY), false);
    axes.frame(g, "Delivery latency against clients", "clients on one stream", "latency (ms, log)");
    for (int i = 0; i < series.size(); i++) {
      List<double[]> points = series.get(i).byClients();
      Color c = COLORS[i % COLORS.length];
      line(g, axes, points, 1, c, dashed(6));
      line(g, axes, points, 2, c, dashed(2));
      line(g, axes, points, 3, c, new BasicStroke(2.2f));
    }
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString("p99 solid, p90 dotted, p50 dashed", x0 + LEFT + 6, TOP + 14);
  }

  private static void ramp(Graphics2D g, int x0, List<ResultJson.Series> series, double limitMs) {
    double maxX = 1;
    double minX = Double.MAX_VALUE;
    double maxY = limitMs * 2;
    double minY = Double.MAX_VALUE;
    for (ResultJson.Series s : series) {
      for (double[] p : s.ramp()) {
        maxX = Math.max(maxX, p[0]);
        minX = Math.min(minX, Math.max(1, p[0]));
        maxY = Math.max(maxY, p[1]);
        minY = Math.min(minY, Math.max(0.1, p[1]));
      }
    }
    // log x: Rails saturates near 10^4 deliveries/s, CableKit goes past 10^6
    Axes axes = new Axes(x0, logFloor(minX == Double.MAX_VALUE ? 1 : minX), logCeil(maxX),
        logFloor(minY == Double.MAX_VALUE ? 1 : minY), logCeil(maxY), true);
    axes.frame(g, "Ramp: p99 against deliveries per second", "deliveries per second (broadcasts/s x clients, log)",
        "p99 latency (ms, log)");
    g.setColor(new Color(0x888888));
    g.setStroke(dashed(4));
    int y = axes.y(limitMs);
    g.drawLine(axes.left(), y, axes.right(), y);
    g.drawString(String.format(Locale.ROOT, "%.0f ms", limitMs), axes.right() - 44, y - 4);
    for (int i = 0; i < series.size(); i++) {
      Color c = COLORS[i % COLORS.length];
      line(g, axes, series.get(i).ramp(), 1, c, new BasicStroke(2.2f));
      for (double[] p : series.get(i).ramp()) {
        int px = axes.x(p[0]);
        int py = axes.y(p[1]);
        g.setColor(c);
        if (p[2] > 0) {
          g.fillOval(px - 4, py - 4, 8, 8);
        } else {
          g.drawLine(px - 4, py - 4, px + 4, py + 4);
          g.drawLine(px - 4, py + 4, px + 4, py - 4);
        }
      }
    }
  }

  private static void legend(Graphics2D g, List<ResultJson.Series> series) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int x = LEFT;
    int y = H - 18;
    for (int i = 0; i < series.size(); i++) {
      g.setColor(COLORS[i % COLORS.length]);
      g.fillRect(x, y - 9, 14, 10);
      g.setColor(Color.BLACK);
      String label = series.get(i).label();
      g.drawString(label, x + 18, y);
      x += 30 + g.getFontMetrics().stringWidth(label);
    }
  }

  private static void line(Graphics2D g, Axes axes, List<double[]> points, int yIndex, Color color, Stroke stroke) {
    if (points.isEmpty()) {
      return;
    }
    Path2D path = new Path2D.Double();
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      if (i == 0) {
        path.moveTo(axes.x(p[0]), axes.y(p[yIndex]));
      } else {
        path.lineTo(axes.x(p[0]), axes.y(p[yIndex]));
      }
    }
    g.setColor(color);
    g.setStroke(stroke);
    g.draw(path);
    if (points.size() == 1) {
      double[] p = points.get(0);
      g.fillOval(axes.x(p[0]) - 3, axes.y(p[yIndex]) - 3, 6, 6);
    }
  }

  private static Stroke dashed(float dash) {
    return new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {dash, dash}, 0);
  }

  static double logFloor(double v) {
    return Math.pow(10, Math.floor(Math.log10(Math.max(0.1, v))));
  }

  static double logCeil(double v) {
    return Math.pow(10, Math.ceil(Math.log10(Math.max(1, v)) + 1e-9));
  }

  /** A plot area: linear or log x, log y. */
  private record Axes(int x0, double minX, double maxX, double minY, double maxY, boolean logX) {
    int left() {
      return x0 + LEFT;
    }

    int right() {
      return x0 + PANEL_W - RIGHT;
    }

    int x(double v) {
      double f = logX
          ? (Math.log10(Math.max(minX, v)) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX))
          : (v - minX) / (maxX - minX);
      return (int) Math.round(left() + f * (right() - left()));
    }

    int y(double v) {
      double f = (Math.log10(Math.max(minY, v)) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY));
      return (int) Math.round(H - BOTTOM - f * (H - BOTTOM - TOP));
    }

    void frame(Graphics2D g, String title, String xLabel, String yLabel) {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      g.drawString(title, left(), TOP - 14);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setStroke(new BasicStroke(1));
      for (double d = minY; d <= maxY * 1.0001; d *= 10) {
        for (int m : new int[] {1, 2, 5}) {
          double v = d * m;
          if (v > maxY * 1.0001) {
            break;
          }
          int y = y(v);
          g.setColor(new Color(0xE6E6E6));
          g.drawLine(left(), y, right(), y);
          g.setColor(Color.DARK_GRAY);
          String text = v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
          g.drawString(text, left() - 8 - g.getFontMetrics().stringWidth(text), y + 4);
        }
      }
      List<Double> ticks = new java.util.ArrayList<>();
      if (logX) {
        for (double d = minX; d <= maxX * 1.0001; d *= 10) {
          ticks.add(d);
        }
      } else {
        double step = niceStep(maxX - minX);
        for (double v = minX; v <= maxX; v += step) {
          ticks.add(v);
        }
      }
      for (double v : ticks) {
        int x = x(v);
        g.setColor(new Color(0xE6E6E6));
        g.drawLine(x, TOP, x, H - BOTTOM);
        g.setColor(Color.DARK_GRAY);
        String text = v >= 1_000_000 ? String.format(Locale.ROOT, "%.0fM", v / 1_000_000)
            : v >= 10_000 ? String.format(Locale.ROOT, "%.0fk", v / 1000) : String.format(Locale.ROOT, "%.0f", v);
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, H - BOTTOM + 16);
      }
      g.setColor(Color.BLACK);
      g.drawRect(left(), TOP, right() - left(), H - BOTTOM - TOP);
      g.drawString(xLabel, (left() + right() - g.getFontMetrics().stringWidth(xLabel)) / 2, H - BOTTOM + 34);
      Graphics2D rotated = (Graphics2D) g.create();
      rotated.rotate(-Math.PI / 2);
      rotated.drawString(yLabel, -(TOP + H - BOTTOM + rotated.getFontMetrics().stringWidth(yLabel)) / 2, x0 + 16);
      rotated.dispose();
    }
  }

  static double niceStep(double range) {
    double raw = range / 6;
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(1e-9, raw))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (raw <= m * magnitude) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
