package io.github.resnetcourse.kit.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG/PNG/BMP/GIF files into {@link RgbImage}s the way PIL's {@code convert("RGB")} plus
 * {@code ToTensor} would: grayscale is replicated, alpha dropped, palettes expanded, 16-bit samples
 * scaled by 65535, CMYK JPEGs converted with PIL's formula. Gray images keep their stored values —
 * Java's own colour conversion would apply a gamma curve and change them.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /**
     * Decodes {@code file}.
     *
     * @throws IOException naming the file when it is unreadable, truncated or not an image
     */
    public static RgbImage decode(Path file) throws IOException {
        if (!looksComplete(file)) {
            throw new IOException(
                    file + " is truncated (no end marker); re-download or delete it.");
        }
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("Cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(
                        file + " is not an image Java can read (JPEG, PNG, BMP, GIF).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                try {
                    image = reader.read(0);
                } catch (IIOException e) {
                    // Java's JPEG reader refuses CMYK/YCCK colour spaces but reads their raw
                    // samples.
                    return fromCmyk(reader.readRaster(0, null));
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot decode " + file + ": " + e.getMessage(), e);
        }
        return toRgb(image);
    }

    /**
     * Whether the file ends like a complete JPEG ({@code FFD9}) or PNG ({@code IEND} chunk); other
     * formats are assumed complete. Cheap: reads the first and last bytes only.
     */
    public static boolean looksComplete(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 12) {
            return false;
        }
        byte[] head = new byte[4];
        byte[] tail = new byte[12];
        try (var ch = Files.newByteChannel(file)) {
            ch.read(java.nio.ByteBuffer.wrap(head));
            ch.position(size - tail.length);
            ch.read(java.nio.ByteBuffer.wrap(tail));
        }
        if ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            // Some writers pad after EOI; accept the marker within the last bytes.
            for (int i = tail.length - 2; i >= 0; i--) {
                if ((tail[i] & 0xff) == 0xFF && (tail[i + 1] & 0xff) == 0xD9) {
                    return true;
                }
            }
            return false;
        }
        if ((head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return tail[4] == 'I' && tail[5] == 'E' && tail[6] == 'N' && tail[7] == 'D';
        }
        return true;
    }

    /** Decodes an image from memory (used by tests and generators). */
    public static RgbImage decode(InputStream in, String name) throws IOException {
        BufferedImage image = ImageIO.read(in);
        if (image == null) {
            throw new IOException(name + " is not an image Java can read.");
        }
        return toRgb(image);
    }

    /** Converts any decoded {@link BufferedImage} to RGB floats in [0, 1]. */
    public static RgbImage toRgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int n = h * w;
        float[] out = new float[3 * n];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < n; i++) {
                out[i] = (bgr[3 * i + 2] & 0xff) / 255f;
                out[n + i] = (bgr[3 * i + 1] & 0xff) / 255f;
                out[2 * n + i] = (bgr[3 * i] & 0xff) / 255f;
            }
            return new RgbImage(out, h, w);
        }
        if (image.getColorModel() instanceof IndexColorModel) {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < n; i++) {
                out[i] = ((argb[i] >> 16) & 0xff) / 255f;
                out[n + i] = ((argb[i] >> 8) & 0xff) / 255f;
                out[2 * n + i] = (argb[i] & 0xff) / 255f;
            }
            return new RgbImage(out, h, w);
        }
        Raster raster = image.getRaster();
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            return fromCmyk(raster);
        }
        int bands = raster.getNumBands();
        float max = (float) ((1L << raster.getSampleModel().getSampleSize(0)) - 1);
        float[] plane = new float[n];
        for (int c = 0; c < 3; c++) {
            // Gray (+alpha) images replicate band 0; colour images take R, G, B and drop alpha.
            int band = bands < 3 ? 0 : c;
            raster.getSamples(0, 0, w, h, band, plane);
            for (int i = 0; i < n; i++) {
                out[c * n + i] = plane[i] / max;
            }
        }
        return new RgbImage(out, h, w);
    }

    private static RgbImage fromCmyk(Raster raster) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int n = h * w;
        if (raster.getNumBands() != 4) {
            throw new IllegalArgumentException(
                    "Unsupported colour layout with " + raster.getNumBands() + " bands");
        }
        float[] out = new float[3 * n];
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x + raster.getMinX(), y + raster.getMinY(), px);
                // Java's reader undoes Adobe's inversion, so these are ink amounts; PIL's formula:
                // R = (255 - C) * (255 - K) / 255.
                int i = y * w + x;
                int nk = 255 - px[3];
                out[i] = (nk - px[0] * nk / 255) / 255f;
                out[n + i] = (nk - px[1] * nk / 255) / 255f;
                out[2 * n + i] = (nk - px[2] * nk / 255) / 255f;
            }
        }
        return new RgbImage(out, h, w);
    }
}
