package io.github.resnetcourse.kit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import io.github.resnetcourse.kit.plot.Chart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidualChartsTest {
    @Test
    void ratioBarsHaveOneGroupPerCaptureAndOneBarPerBlock() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier a = ResNets.cifar(8, Shortcuts.RESIDUAL);
                ImageClassifier b = ResNets.cifar(8, Shortcuts.RESIDUAL);
                ResidualCapture ca =
                        ResidualCapture.run(a, m.randomNormal(new Shape(2, 3, 32, 32)));
                ResidualCapture cb =
                        ResidualCapture.run(b, m.randomNormal(new Shape(2, 3, 32, 32)))) {
            Map<String, ResidualCapture> captures = new LinkedHashMap<>();
            captures.put("one", ca);
            captures.put("two", cb);
            Chart c = ResidualCharts.ratios("ratios", captures);
            assertEquals(List.of("one", "two"), c.traceNames());
            JsonObject bars = c.toJson().getAsJsonArray("data").get(0).getAsJsonObject();
            assertEquals("bar", bars.get("type").getAsString());
            assertEquals(List.of("layer1.0", "layer2.0", "layer3.0"), ca.blockNames());
            assertEquals(3, bars.getAsJsonArray("x").size());
            // plotly numbers are written with float precision
            assertEquals(ca.ratios()[1], bars.getAsJsonArray("y").get(1).getAsDouble(), 1e-6);
        }
    }

    @Test
    void ratioBarsRefuseCapturesOfDifferentArchitectures() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier a = ResNets.cifar(8, Shortcuts.RESIDUAL);
                ImageClassifier b = ResNets.cifar(14, Shortcuts.RESIDUAL);
                ResidualCapture ca =
                        ResidualCapture.run(a, m.randomNormal(new Shape(1, 3, 32, 32)));
                ResidualCapture cb =
                        ResidualCapture.run(b, m.randomNormal(new Shape(1, 3, 32, 32)))) {
            Map<String, ResidualCapture> captures = new LinkedHashMap<>();
            captures.put("8", ca);
            captures.put("14", cb);
            assertThrows(
                    IllegalArgumentException.class, () -> ResidualCharts.ratios("x", captures));
        }
    }

    @Test
    void blockMapsDrawXResidualAndSumOnOneSymmetricScale() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                ResidualCapture c =
                        ResidualCapture.run(net, m.randomNormal(new Shape(2, 3, 32, 32)))) {
            Chart chart = ResidualCharts.blockMaps(c.block("layer1.0"), 1, 0, 5);
            JsonArray data = chart.toJson().getAsJsonArray("data");
            assertEquals(6, data.size(), "2 channels × (x, F(x), x + F(x))");
            double zmax = data.get(0).getAsJsonObject().get("zmax").getAsDouble();
            for (var e : data) {
                JsonObject t = e.getAsJsonObject();
                assertEquals(zmax, t.get("zmax").getAsDouble());
                assertEquals(-zmax, t.get("zmin").getAsDouble());
                assertEquals(32, t.getAsJsonArray("z").size());
            }
            assertTrue(data.get(0).getAsJsonObject().get("showscale").getAsBoolean());
            String text = chart.toJson().getAsJsonObject("layout").toString();
            assertTrue(text.contains("x + F(x) · ch 5"), text);
            // The sum panel is x + F(x) of that image and channel.
            double expected = c.block("layer1.0").sum().get("1,5,0,0").getFloat();
            assertEquals(
                    expected,
                    data.get(5)
                            .getAsJsonObject()
                            .getAsJsonArray("z")
                            .get(0)
                            .getAsJsonArray()
                            .get(0)
                            .getAsDouble(),
                    // Heat-map cells keep 4 significant digits (Charts.HEATMAP_DIGITS).
                    Math.abs(expected) * 5e-4 + 1e-6);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ResidualCharts.blockMaps(c.block("layer1.0"), 0, 16));
            assertThrows(IllegalArgumentException.class, () -> c.block("layer9.0"));
        }
    }

    @Test
    void gradientNormsAreLinesOnALogAxis() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier plain = ResNets.cifar(8, Shortcuts.NONE);
                ImageClassifier res = ResNets.cifar(8, Shortcuts.RESIDUAL)) {
            var x = m.randomNormal(new Shape(4, 3, 32, 32));
            var y = m.create(new int[] {0, 1, 2, 3});
            Chart c =
                    ResidualCharts.gradientNorms(
                            "g",
                            GradientNorms.measure(plain, x, y),
                            GradientNorms.measure(res, x, y));
            assertEquals(2, c.traceNames().size());
            assertEquals(
                    "log",
                    c.toJson()
                            .getAsJsonObject("layout")
                            .getAsJsonObject("yaxis")
                            .get("type")
                            .getAsString());
        }
    }
}
