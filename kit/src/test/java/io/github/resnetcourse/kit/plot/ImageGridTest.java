package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageGridTest {
    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2023f, 0.1994f, 0.2010f};
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** n solid-colour 32×32 images, normalised with CIFAR's mean/std as a data loader would. */
    private static NDArray normalisedSolidImages(float[][] colours) {
        int n = colours.length;
        float[] v = new float[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 32 * 32; p++) {
                    v[(i * 3 + c) * 1024 + p] = (colours[i][c] - MEAN[c]) / STD[c];
                }
            }
        }
        return manager.create(v, new Shape(n, 3, 32, 32));
    }

    private static BufferedImage decode(MimeBundle b) throws Exception {
        byte[] png = Base64.getDecoder().decode(b.data().get(MimeBundle.PNG));
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void denormalisesUpscalesAndLaysOutRowsAndColumns() throws Exception {
        float[][] colours = new float[8][];
        for (int i = 0; i < 8; i++) {
            colours[i] = new float[] {0.2f, 0.5f, 0.8f};
        }
        colours[5] = new float[] {1f, 0f, 0.25f};
        ImageGrid grid =
                ImageGrid.builder()
                        .setImages(normalisedSolidImages(colours))
                        .optNormalization(MEAN, STD)
                        .optTitles(List.of("a", "b", "c", "d", "e", "f", "g", "h"))
                        .optColumns(4)
                        .build();
        BufferedImage img = decode(grid.toBundle());
        int box = 96 + 2 * ImageGrid.PADDING; // 32×32 enlarged ×3
        assertEquals(4 * box, img.getWidth());
        assertEquals(2 * (box + ImageGrid.TITLE_HEIGHT), img.getHeight());
        // centre of image 0 (row 0, col 0) and image 5 (row 1, col 1)
        int cx = ImageGrid.PADDING + 48;
        int cy = ImageGrid.PADDING + ImageGrid.TITLE_HEIGHT + 48;
        assertColour(new Color(51, 128, 204), img.getRGB(cx, cy));
        assertColour(
                new Color(255, 0, 64), img.getRGB(box + cx, box + ImageGrid.TITLE_HEIGHT + cy));
        assertTrue(grid.toString().contains("8 images"));
    }

    @Test
    void longTitlesWrapOntoMoreLinesInsteadOfBeingCut() throws Exception {
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
        String title = "predicted: synthetic_red_disc (true: synthetic_blue_square)";
        List<String> lines = ImageGrid.wrap(title, font, 150);
        assertTrue(lines.size() >= 2, lines.toString());
        assertEquals(title.replace(" ", ""), String.join("", lines).replace(" ", ""));
        assertTrue(lines.stream().noneMatch(l -> l.contains("…")), lines.toString());
        assertTrue(lines.get(0).endsWith("_") || lines.get(0).endsWith(":"), lines.toString());
        assertEquals(List.of("cat"), ImageGrid.wrap("cat", font, 150));

        float[][] colours = {{0.2f, 0.5f, 0.8f}, {0.2f, 0.5f, 0.8f}};
        ImageGrid grid =
                ImageGrid.builder()
                        .setImages(normalisedSolidImages(colours))
                        .optNormalization(MEAN, STD)
                        .optTitles(List.of(title, "b"))
                        .optColumns(2)
                        .build();
        BufferedImage img = decode(grid.toBundle());
        int box = 96 + 2 * ImageGrid.PADDING;
        int cellW = (img.getWidth() / 2) - 2 * ImageGrid.PADDING;
        int lineCount = ImageGrid.wrap(title, font, cellW).size();
        assertTrue(lineCount >= 2, "the title needs more than one line at " + cellW + " px");
        assertEquals(
                box + ImageGrid.TITLE_HEIGHT + (lineCount - 1) * ImageGrid.LINE_HEIGHT,
                img.getHeight());
    }

    @Test
    void smallImagesAreEnlargedByWholeFactorsWithSquarePixels() {
        BufferedImage checker = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        checker.setRGB(0, 0, 0xFFFFFF);
        checker.setRGB(1, 1, 0xFFFFFF);
        BufferedImage big = ImageGrid.resize(checker, 6, 256);
        assertEquals(6, big.getWidth());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                int expected = (x / 3 + y / 3) % 2 == 0 ? 0xFFFFFF : 0x000000;
                assertEquals(expected, big.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
        BufferedImage large = new BufferedImage(500, 250, BufferedImage.TYPE_INT_RGB);
        BufferedImage small = ImageGrid.resize(large, 96, 256);
        assertEquals(256, small.getWidth());
        assertEquals(128, small.getHeight());
    }

    @Test
    void predictionTitlesAreGreenWhenRightAndRedWhenWrong() throws Exception {
        float[][] grey = {{0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}};
        ImageGrid grid =
                ImageGrid.builder()
                        .setImages(normalisedSolidImages(grey))
                        .optNormalization(MEAN, STD)
                        .optPredictions(
                                new int[] {3, 5},
                                new int[] {3, 3},
                                List.of("airplane", "automobile", "bird", "cat", "deer", "dog"))
                        .optColumns(2)
                        .build();
        assertTrue(grid.toString().contains("cat (cat), dog (cat)"), grid.toString());
        BufferedImage img = decode(grid.toBundle());
        int box = 96 + 2 * ImageGrid.PADDING;
        assertTrue(countNear(img, 0, box, ImageGrid.RIGHT) > 10, "green title pixels");
        assertEquals(0, countNear(img, 0, box, ImageGrid.WRONG), "no red in a right title");
        assertTrue(countNear(img, box, 2 * box, ImageGrid.WRONG) > 10, "red title pixels");
        assertEquals(0, countNear(img, box, 2 * box, ImageGrid.RIGHT), "no green in a wrong title");
    }

    @Test
    void grayscaleAndByteImagesAreShownAsGrey() throws Exception {
        NDArray bytes =
                manager.full(new Shape(1, 1, 4, 4), 128f)
                        .toType(ai.djl.ndarray.types.DataType.UINT8, false);
        ImageGrid grid = ImageGrid.builder().setImages(bytes).optMinImageSize(4).build();
        BufferedImage img = grid.image();
        assertColour(
                new Color(128, 128, 128), img.getRGB(ImageGrid.PADDING + 1, ImageGrid.PADDING + 1));
    }

    @Test
    void badInputIsNamed() {
        NDArray hwc = manager.zeros(new Shape(32, 32, 3));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImageGrid.builder().setImages(hwc).build());
        assertTrue(e.getMessage().contains("(32, 32, 3)"), e.getMessage());
        NDArray two = manager.zeros(new Shape(2, 3, 8, 8));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImageGrid.builder().setImages(two).optTitles(List.of("one")).build());
        assertTrue(e.getMessage().contains("1 titles for 2 images"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ImageGrid.builder()
                                        .setImages(two)
                                        .optPredictions(
                                                new int[] {0, 7},
                                                new int[] {0, 0},
                                                List.of("a", "b")));
        assertTrue(e.getMessage().contains("Label 7"), e.getMessage());
    }

    private static void assertColour(Color expected, int rgb) {
        Color c = new Color(rgb);
        assertTrue(
                Math.abs(c.getRed() - expected.getRed()) <= 1
                        && Math.abs(c.getGreen() - expected.getGreen()) <= 1
                        && Math.abs(c.getBlue() - expected.getBlue()) <= 1,
                "expected " + expected + " but was " + c);
    }

    /** Pixels of the title band between x0 and x1 within a small distance of {@code colour}. */
    private static int countNear(BufferedImage img, int x0, int x1, Color colour) {
        int n = 0;
        for (int y = ImageGrid.PADDING; y < ImageGrid.PADDING + ImageGrid.TITLE_HEIGHT; y++) {
            for (int x = x0; x < x1; x++) {
                Color c = new Color(img.getRGB(x, y));
                int d =
                        Math.abs(c.getRed() - colour.getRed())
                                + Math.abs(c.getGreen() - colour.getGreen())
                                + Math.abs(c.getBlue() - colour.getBlue());
                if (d < 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
