package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grayscale, RGBA, palette, CMYK and 16-bit files decode to the RGB PIL reads. */
class ImageDecoderTest {
    @TempDir Path dir;

    @Test
    void oddColourLayoutsBecomeRgbLikePil() throws Exception {
        Path script = dir.resolve("odd.py");
        try (InputStream in = getClass().getResourceAsStream("odd_images.py")) {
            Files.copy(in, script);
        }
        Process p =
                new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(
                p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "python3 with PIL is needed (./course setup): " + log);
        @SuppressWarnings("unchecked")
        Map<String, Double> cases =
                new Gson().fromJson(Files.readString(dir.resolve("cases.json")), Map.class);
        assertEquals(6, cases.size());
        for (Map.Entry<String, Double> c : cases.entrySet()) {
            RgbImage img = ImageDecoder.decode(dir.resolve(c.getKey()));
            float[] expected = read(dir.resolve(c.getKey() + ".f32"));
            assertEquals(12, img.height(), c.getKey());
            assertEquals(10, img.width(), c.getKey());
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - img.data()[i]));
            }
            // Lossless formats match exactly (to float rounding); JPEG decoders may differ by a few
            // levels in their inverse DCT and chroma upsampling.
            double tolerance = (c.getValue() + 0.01) / 255.0;
            assertTrue(worst <= tolerance, c.getKey() + ": max |diff| " + worst * 255 + " levels");
        }
    }

    @Test
    void truncatedJpegAndNonImageNameTheFile() throws IOException {
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "this is not an image at all");
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(text));
        assertTrue(e.getMessage().contains("notes.jpg"), e.getMessage());

        java.awt.image.BufferedImage bi =
                new java.awt.image.BufferedImage(
                        40, 30, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        Path jpg = dir.resolve("cut.jpg");
        javax.imageio.ImageIO.write(bi, "jpg", jpg.toFile());
        byte[] all = Files.readAllBytes(jpg);
        Files.write(jpg, java.util.Arrays.copyOf(all, all.length / 2));
        IOException t = assertThrows(IOException.class, () -> ImageDecoder.decode(jpg));
        assertTrue(
                t.getMessage().contains("cut.jpg") && t.getMessage().contains("truncated"),
                t.getMessage());
    }

    private static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
