package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PretrainingTasksTest {
    private static PretrainingTasks small(long seed) {
        return PretrainingTasks.builder()
                .setSeed(seed)
                .optUpstreamSizes(80, 16)
                .optDownstreamSizes(36, 12)
                .build();
    }

    @Test
    void upstreamHasEightOrientationsAndDownstreamSixPlaids() {
        PretrainingTasks tasks = small(1);
        GeneratedTask up = tasks.upstream();
        GeneratedTask down = tasks.downstream();
        assertEquals(8, up.classCount());
        assertEquals("22.5°", up.classNames().get(1));
        assertEquals(6, down.classCount());
        assertEquals("0°+90°", down.classNames().get(0));
        assertEquals(new Shape(3, 16, 16), up.imageShape());
        assertEquals(80, up.trainSize());
        assertEquals(12, down.testSize());
    }

    @Test
    void classesAreBalancedAndShuffled() {
        int[] labels = small(2).upstream().trainLabels();
        int[] counts = new int[8];
        for (int l : labels) {
            counts[l]++;
        }
        int[] expected = new int[8];
        Arrays.fill(expected, 10);
        assertArrayEquals(expected, counts);
        int[] inOrder = new int[labels.length];
        Arrays.setAll(inOrder, i -> i % 8);
        assertFalse(Arrays.equals(inOrder, labels), "labels should not come in class order");
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = small(3).downstream().trainImages(m);
            NDArray b = small(3).downstream().trainImages(m);
            NDArray c = small(4).downstream().trainImages(m);
            assertEquals(new Shape(36, 3, 16, 16), a.getShape());
            assertTrue(a.contentEquals(b));
            assertFalse(a.contentEquals(c));
        }
    }

    @Test
    void changingTheDownstreamSizeLeavesUpstreamUntouched() {
        PretrainingTasks a = small(5);
        PretrainingTasks b =
                PretrainingTasks.builder()
                        .setSeed(5)
                        .optUpstreamSizes(80, 16)
                        .optDownstreamSizes(72, 12)
                        .build();
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(a.upstream().trainImages(m).contentEquals(b.upstream().trainImages(m)));
        }
    }

    @Test
    void stripesVaryAlongTheirNormalAndNotAlongTheirDirection() {
        // A noise-free 0° grating varies along x and is constant along y.
        StripeImages painter = new StripeImages(16, 0);
        float[] img = new float[painter.length()];
        painter.draw(List.of(0.0), new java.util.SplittableRandom(9), img, 0);
        double alongY = 0;
        double alongX = 0;
        for (int y = 0; y + 1 < 16; y++) {
            for (int x = 0; x + 1 < 16; x++) {
                alongY += Math.abs(img[(y + 1) * 16 + x] - img[y * 16 + x]);
                alongX += Math.abs(img[y * 16 + x + 1] - img[y * 16 + x]);
            }
        }
        // Orientation jitter of ~3° leaves a little variation along y, far less than along x.
        assertTrue(alongX > 4 * alongY, "along x " + alongX + " vs along y " + alongY);
    }

    @Test
    void datasetsBatchTheImagesWithFloatLabels() throws Exception {
        GeneratedTask task = small(6).downstream();
        try (NDManager m = NDManager.newBaseManager()) {
            var data = task.testDataset(m, 5);
            assertEquals(12, data.size());
            var batch = data.getData(m).iterator().next();
            assertEquals(new Shape(5, 3, 16, 16), batch.getData().head().getShape());
            assertEquals(new Shape(5), batch.getLabels().head().getShape());
            assertEquals(task.testLabels()[0], (int) batch.getLabels().head().getFloat(0));
            batch.close();
        }
    }

    @Test
    void badSettingsNameTheValueAndTheFix() {
        IllegalStateException noSeed =
                assertThrows(IllegalStateException.class, () -> PretrainingTasks.builder().build());
        assertTrue(noSeed.getMessage().contains("setSeed"));
        IllegalArgumentException tiny =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainingTasks.builder().setSeed(1).optImageSize(4).build());
        assertTrue(tiny.getMessage().contains("4"));
        assertThrows(
                IllegalArgumentException.class,
                () -> PretrainingTasks.builder().setSeed(1).optDownstreamSizes(0, 5));
    }
}
