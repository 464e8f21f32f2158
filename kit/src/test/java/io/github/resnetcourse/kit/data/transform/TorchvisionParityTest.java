package io.github.resnetcourse.kit.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import io.github.resnetcourse.kit.data.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each transform against torchvision 0.14's functional op on the same float tensor (Debian's {@code
 * /usr/bin/python3}); random transforms are compared at fixed parameters.
 */
class TorchvisionParityTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int H = 30;
    private static final int W = 37;

    @TempDir static Path dir;

    private static RgbImage input;
    private static Map<String, List<Double>> shapes;

    @BeforeAll
    static void runTorchvision() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        float[] px = new float[3 * H * W];
        for (int i = 0; i < px.length; i++) {
            // Smooth structure plus noise, so resampling and colour ops both have work to do.
            int x = i % W;
            int y = (i / W) % H;
            px[i] =
                    (float)
                            Math.min(
                                    1,
                                    Math.max(
                                            0,
                                            0.5
                                                    + 0.3
                                                            * Math.sin(
                                                                    x * 0.4 + y * 0.2 + i / (H * W))
                                                    + 0.2 * (rng.nextDouble() - 0.5)));
        }
        input = new RgbImage(px, H, W);
        write(dir.resolve("in.f32"), px);
        Path script = dir.resolve("ref.py");
        try (InputStream in =
                TorchvisionParityTest.class.getResourceAsStream("torchvision_reference.py")) {
            Files.copy(in, script);
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(
                    PYTHON
                            + " with torchvision is needed for reference values; run ./course setup.");
        }
        Process p =
                new ProcessBuilder(
                                PYTHON,
                                script.toString(),
                                dir.resolve("in.f32").toString(),
                                "" + H,
                                "" + W,
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "torchvision reference timed out");
        assertEquals(
                0, p.exitValue(), "torchvision reference failed (run ./course setup):\n" + log);
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> s =
                new Gson().fromJson(Files.readString(dir.resolve("shapes.json")), Map.class);
        shapes = s;
    }

    private static void assertMatches(String name, RgbImage actual, double tolerance)
            throws IOException {
        List<Double> shape = shapes.get(name);
        assertEquals(shape.get(1).intValue(), actual.height(), name + " height");
        assertEquals(shape.get(2).intValue(), actual.width(), name + " width");
        float[] expected = read(dir.resolve(name + ".f32"));
        assertEquals(expected.length, actual.data().length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual.data()[i]));
        }
        assertTrue(worst <= tolerance, name + ": max |diff| " + worst + " > " + tolerance);
    }

    @Test
    void resizeShorterSideMatchesAntialiasedBilinear() throws IOException {
        assertMatches("resize_shorter_20", Resize.shorterSide(20).apply(input, null), 1e-5);
    }

    @Test
    void resizeToHeightWidthMatches() throws IOException {
        assertMatches("resize_to_50x70", Resize.to(50, 70).apply(input, null), 1e-5);
    }

    @Test
    void centerCropMatchesIncludingZeroPadding() throws IOException {
        assertMatches("center_crop_17", new CenterCrop(17).apply(input, null), 0);
        assertMatches("center_crop_pad_40", new CenterCrop(40, 45).apply(input, null), 0);
    }

    @Test
    void randomCropAtAFixedOffsetMatchesPadThenCrop() throws IOException {
        assertMatches("random_crop_pad4_at_3_5", new RandomCrop(24, 4).at(input, 3, 5), 0);
    }

    @Test
    void flipsMatch() throws IOException {
        assertMatches("hflip", RandomFlip.flip(input, RandomFlip.Axis.HORIZONTAL), 0);
        assertMatches("vflip", RandomFlip.flip(input, RandomFlip.Axis.VERTICAL), 0);
    }

    @Test
    void rotationAtAFixedAngleMatchesNearestNeighbourGrid() throws IOException {
        for (String name : new String[] {"rotate_15", "rotate_-40"}) {
            double angle = Double.parseDouble(name.substring(7));
            RgbImage mine = RandomRotation.rotate(input, angle);
            float[] expected = read(dir.resolve(name + ".f32"));
            int differ = 0;
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != mine.data()[i]) {
                    differ++;
                }
            }
            // Nearest-neighbour ties at exactly .5 may round differently in float; allow a few.
            assertTrue(differ <= expected.length / 200, name + ": " + differ + " values differ");
        }
    }

    @Test
    void colourAdjustmentsMatch() throws IOException {
        assertMatches("brightness_1.2", ColorOps.brightness(input, 1.2f), 1e-6);
        assertMatches("contrast_0.8", ColorOps.contrast(input, 0.8f), 1e-5);
        assertMatches("saturation_1.15", ColorOps.saturation(input, 1.15f), 1e-5);
        assertMatches("hue_0.1", ColorOps.hue(input, 0.1f), 1e-5);
        assertMatches("hue_-0.07", ColorOps.hue(input, -0.07f), 1e-5);
        assertMatches("grayscale", ColorOps.grayscale(input), 1e-6);
    }

    @Test
    void colorJitterWithFixedOrderAndFactorsMatches() throws IOException {
        ColorJitter jitter = new ColorJitter(0.2, 0.2, 0.2, 0.1);
        RgbImage mine = jitter.apply(input, new int[] {3, 2, 0, 1}, 1.1f, 1.05f, 0.9f, 0.05f);
        assertMatches("jitter_order_3102", mine, 1e-5);
    }

    @Test
    void normalizeMatchesAndInvertsForDisplay() throws IOException {
        RgbImage n = Normalize.CIFAR10.apply(input, null);
        assertMatches("normalize_cifar", n, 1e-6);
        float[] back = Normalize.CIFAR10.denormalize(n).data();
        for (int i = 0; i < back.length; i++) {
            assertEquals(input.data()[i], back[i], 1e-6);
        }
    }

    @Test
    void randomTransformsAreReproducibleAndFollowTheirDistribution() {
        ImagePipeline p = Pipelines.cifarTrain();
        RgbImage small = Resize.to(32, 32).apply(input, null);
        assertArrayEquals(
                p.apply(small, new SplittableRandom(9)).data(),
                p.apply(small, new SplittableRandom(9)).data());
        RandomFlip flip = RandomFlip.horizontal(0.5);
        int flipped = 0;
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            if (flip.apply(small, rng) != small) {
                flipped++;
            }
        }
        assertTrue(Math.abs(flipped - 1000) < 100, "flip rate " + flipped + "/2000");
        int gray = 0;
        RandomGrayscale g = new RandomGrayscale(0.1);
        for (int i = 0; i < 2000; i++) {
            if (g.apply(small, rng) != small) {
                gray++;
            }
        }
        assertTrue(Math.abs(gray - 200) < 60, "grayscale rate " + gray + "/2000");
    }

    private static void write(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    private static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
