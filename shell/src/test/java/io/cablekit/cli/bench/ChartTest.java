package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
  @Test
  void drawsOnePanelForLatencyAgainstClients(@TempDir Path dir) throws Exception {
    File png = dir.resolve("c.png").toFile();
    Chart.draw(List.of(new ResultJson.Series("cablekit",
        List.of(new double[] {1000, 5, 9, 12}, new double[] {10000, 40, 90, 140}), List.of())), 250, png);
    BufferedImage image = ImageIO.read(png);
    assertThat(image.getWidth()).isEqualTo(560);
    assertThat(image.getHeight()).isEqualTo(420);
  }

  @Test
  void addsARampPanel(@TempDir Path dir) throws Exception {
    File png = dir.resolve("c.png").toFile();
    Chart.draw(List.of(
        new ResultJson.Series("cablekit", List.of(new double[] {1000, 5, 9, 12}),
            List.of(new double[] {2000, 10, 1}, new double[] {100000, 400, 0})),
        new ResultJson.Series("rails", List.of(new double[] {1000, 60, 120, 170}), List.of())), 250, png);
    assertThat(ImageIO.read(png).getWidth()).isEqualTo(1120);
  }

  @Test
  void choosesRoundAxisSteps() {
    assertThat(Chart.niceStep(10000)).isEqualTo(2000);
    assertThat(Chart.niceStep(60)).isEqualTo(10);
    assertThat(Chart.logCeil(144)).isEqualTo(1000);
    assertThat(Chart.logFloor(3.2)).isEqualTo(1);
  }
}
