package io.github.resnetcourse.kit.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A grid of images with a title above each, as one static PNG: it shows in every front end and on
 * GitHub, and needs no JavaScript. Images come from a batch tensor (normalised as the model saw
 * them, de-normalised here for display) or from {@link BufferedImage}s.
 *
 * <pre>{@code
 * ImageGrid.builder()
 *         .setImages(batch)                                  // (N, 3, H, W) float
 *         .optNormalization(Cifar10.MEAN, Cifar10.STD)       // undo Normalize for display
 *         .optPredictions(predicted, truth, classNames)      // "cat (dog)" in red, "cat (cat)" in green
 *         .optColumns(4)
 *         .build()
 *         .show();
 * }</pre>
 *
 * <p>Small images (CIFAR's 32×32) are enlarged by a whole factor with nearest-neighbour sampling,
 * so they are readable and every pixel stays a visible square; images larger than {@link
 * Builder#optMaxImageSize} are scaled down smoothly.
 */
public final class ImageGrid {
    /** Title colour of a right prediction: matplotlib's "green" (#008000), as in the seeds. */
    public static final Color RIGHT = new Color(0x00, 0x80, 0x00);

    /** Title colour of a wrong prediction: matplotlib's "red" (#FF0000), as in the seeds. */
    public static final Color WRONG = new Color(0xFF, 0x00, 0x00);

    static final int PADDING = 6;
    static final int TITLE_HEIGHT = 18;

    /** Height of each further line of a wrapped title. */
    static final int LINE_HEIGHT = 15;

    /**
     * How the grid is embedded in a notebook: PNG (lossless, best for small or synthetic images) or
     * JPEG (photographs, a fraction of the size).
     */
    public enum Encoding {
        /** {@code image/png}, lossless (default). */
        PNG,
        /** {@code image/jpeg} at quality 0.85: photo grids of a few tens of kB. */
        JPEG;

        /** Images at least this many pixels wide are treated as photographs. */
        public static final int PHOTO_SIZE = 96;

        /**
         * JPEG for photographs ({@code width} of at least {@link #PHOTO_SIZE} pixels, e.g.
         * 224-pixel flowers), PNG for small images such as CIFAR's 32 pixels, which the grid
         * enlarges into crisp squares that JPEG would blur.
         */
        public static Encoding forImageWidth(long width) {
            return width >= PHOTO_SIZE ? JPEG : PNG;
        }
    }

    private final BufferedImage image;
    private final String description;
    private final Encoding encoding;

    private ImageGrid(BufferedImage image, String description, Encoding encoding) {
        this.image = image;
        this.description = description;
        this.encoding = encoding;
    }

    /** Starts a grid. */
    public static Builder builder() {
        return new Builder();
    }

    /** The grid as an image. */
    public BufferedImage image() {
        return image;
    }

    /** The grid as PNG bytes. */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding the image grid as PNG failed", e);
        }
        return out.toByteArray();
    }

    /** The grid as JPEG bytes (quality 0.85). */
    public byte[] jpeg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding the image grid as JPEG failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * The output for a notebook: the image ({@code image/png} or {@code image/jpeg}, as the
     * builder's {@link Builder#optEncoding} chose) plus a text line for consoles.
     */
    public MimeBundle toBundle() {
        return encoding == Encoding.JPEG
                ? MimeBundle.of(
                        MimeBundle.JPEG, Base64.getEncoder().encodeToString(jpeg()), description)
                : MimeBundle.of(
                        MimeBundle.PNG, Base64.getEncoder().encodeToString(png()), description);
    }

    /** Shows the grid below the running cell. */
    public DisplayHandle show() {
        return Notebook.show(toBundle());
    }

    @Override
    public String toString() {
        return description;
    }

    /** Collects the images and options of a grid. */
    public static final class Builder {
        private List<BufferedImage> images;
        private NDArray batch;
        private float[] mean;
        private float[] std;
        private List<String> titles = List.of();
        private List<Color> colors = List.of();
        private int columns = 4;
        private int minImageSize = 96;
        private int maxImageSize = 256;
        private Encoding encoding = Encoding.PNG;

        private Builder() {}

        /** PNG (default) or JPEG for photographs. */
        public Builder optEncoding(Encoding value) {
            this.encoding = Objects.requireNonNull(value, "encoding");
            return this;
        }

        /**
         * The images as one tensor of shape (N, C, H, W) or (C, H, W), C = 1 or 3: floats in [0, 1]
         * after de-normalisation, or uint8 in [0, 255].
         */
        public Builder setImages(NDArray batch) {
            this.batch = Objects.requireNonNull(batch, "batch");
            this.images = null;
            return this;
        }

        /** The images as pictures (decoded files, generated images). */
        public Builder setImages(List<BufferedImage> pictures) {
            this.images = List.copyOf(pictures);
            this.batch = null;
            return this;
        }

        /**
         * Undoes {@code Normalize(mean, std)} for display: each channel becomes {@code x * std +
         * mean}.
         */
        public Builder optNormalization(float[] mean, float[] std) {
            if (mean.length != std.length) {
                throw new IllegalArgumentException(
                        "mean has " + mean.length + " channels but std has " + std.length);
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** One title per image, drawn above it in black. */
        public Builder optTitles(List<String> titles) {
            this.titles = List.copyOf(titles);
            return this;
        }

        /** One colour per title (for example green and red for right and wrong). */
        public Builder optTitleColors(List<Color> colors) {
            this.colors = List.copyOf(colors);
            return this;
        }

        /**
         * Titles "predicted (true)" with class names, green where the prediction is right and red
         * where it is wrong, as the seeds draw their validation images.
         */
        public Builder optPredictions(int[] predicted, int[] truth, List<String> classNames) {
            if (predicted.length != truth.length) {
                throw new IllegalArgumentException(
                        predicted.length + " predictions for " + truth.length + " true labels");
            }
            List<String> t = new ArrayList<>();
            List<Color> c = new ArrayList<>();
            for (int i = 0; i < predicted.length; i++) {
                t.add(name(classNames, predicted[i]) + " (" + name(classNames, truth[i]) + ")");
                c.add(predicted[i] == truth[i] ? RIGHT : WRONG);
            }
            this.titles = t;
            this.colors = c;
            return this;
        }

        /** Images per row (default 4). */
        public Builder optColumns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("columns must be at least 1, got " + columns);
            }
            this.columns = columns;
            return this;
        }

        /**
         * Images whose longer side is below this are enlarged by a whole factor to reach it
         * (default 96: CIFAR's 32×32 is drawn 96×96).
         */
        public Builder optMinImageSize(int pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException(
                        "optMinImageSize must be positive, got " + pixels);
            }
            this.minImageSize = pixels;
            return this;
        }

        /** Images whose longer side is above this are scaled down to it (default 256). */
        public Builder optMaxImageSize(int pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException(
                        "optMaxImageSize must be positive, got " + pixels);
            }
            this.maxImageSize = pixels;
            return this;
        }

        /** Draws the grid. */
        public ImageGrid build() {
            List<BufferedImage> pictures;
            if (batch != null) {
                pictures = fromTensor(batch, mean, std);
            } else if (images != null) {
                pictures = images;
            } else {
                throw new IllegalStateException("setImages(...) was not called.");
            }
            if (minImageSize > maxImageSize) {
                throw new IllegalArgumentException(
                        "optMinImageSize ("
                                + minImageSize
                                + ") is larger than optMaxImageSize ("
                                + maxImageSize
                                + ").");
            }
            if (pictures.isEmpty()) {
                throw new IllegalArgumentException("An image grid needs at least one image.");
            }
            if (!titles.isEmpty() && titles.size() != pictures.size()) {
                throw new IllegalArgumentException(
                        titles.size()
                                + " titles for "
                                + pictures.size()
                                + " images; give one each.");
            }
            if (!colors.isEmpty() && colors.size() != titles.size()) {
                throw new IllegalArgumentException(
                        colors.size() + " title colours for " + titles.size() + " titles.");
            }
            BufferedImage grid = draw(pictures);
            String text =
                    "[image grid] "
                            + pictures.size()
                            + " images, "
                            + columns
                            + " per row"
                            + (titles.isEmpty() ? "" : ": " + String.join(", ", titles));
            return new ImageGrid(grid, text, encoding);
        }

        private BufferedImage draw(List<BufferedImage> pictures) {
            int cellW = 0;
            int cellH = 0;
            List<BufferedImage> scaled = new ArrayList<>();
            for (BufferedImage p : pictures) {
                BufferedImage s = resize(p, minImageSize, maxImageSize);
                scaled.add(s);
                cellW = Math.max(cellW, s.getWidth());
                cellH = Math.max(cellH, s.getHeight());
            }
            int cols = Math.min(columns, pictures.size());
            int rows = (pictures.size() + cols - 1) / cols;
            // Cells widen (up to twice the image) so "automobile (airplane)" fits on one line;
            // longer titles wrap onto more lines rather than being cut.
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            int imageW = cellW;
            for (String t : titles) {
                cellW = Math.max(cellW, Math.min(2 * imageW, titleWidth(font, t) + 4));
            }
            List<List<String>> titleLines = new ArrayList<>();
            int maxLines = 1;
            for (String t : titles) {
                List<String> lines = wrap(t, font, cellW);
                titleLines.add(lines);
                maxLines = Math.max(maxLines, lines.size());
            }
            int titleH = titles.isEmpty() ? 0 : TITLE_HEIGHT + (maxLines - 1) * LINE_HEIGHT;
            int boxW = cellW + 2 * PADDING;
            int boxH = titleH + cellH + 2 * PADDING;
            BufferedImage out =
                    new BufferedImage(cols * boxW, rows * boxH, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
                g.setRenderingHint(
                        RenderingHints.KEY_TEXT_ANTIALIASING,
                        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(font);
                FontMetrics fm = g.getFontMetrics();
                for (int i = 0; i < scaled.size(); i++) {
                    int x = (i % cols) * boxW + PADDING;
                    int y = (i / cols) * boxH + PADDING;
                    BufferedImage s = scaled.get(i);
                    g.drawImage(
                            s,
                            x + (cellW - s.getWidth()) / 2,
                            y + titleH + (cellH - s.getHeight()) / 2,
                            null);
                    if (!titles.isEmpty()) {
                        g.setColor(colors.isEmpty() ? Color.BLACK : colors.get(i));
                        List<String> lines = titleLines.get(i);
                        // the block of lines sits centred above the image
                        int top = (titleH - TITLE_HEIGHT - (lines.size() - 1) * LINE_HEIGHT) / 2;
                        for (int l = 0; l < lines.size(); l++) {
                            String t = lines.get(l);
                            g.drawString(
                                    t,
                                    x + (cellW - fm.stringWidth(t)) / 2,
                                    y
                                            + top
                                            + l * LINE_HEIGHT
                                            + (TITLE_HEIGHT + fm.getAscent() - fm.getDescent())
                                                    / 2);
                        }
                    }
                }
            } finally {
                g.dispose();
            }
            return out;
        }
    }

    /** Whole-factor nearest-neighbour enlargement, or smooth reduction, to the size limits. */
    static BufferedImage resize(BufferedImage p, int minSize, int maxSize) {
        int side = Math.max(p.getWidth(), p.getHeight());
        int w;
        int h;
        Object interpolation;
        if (side < minSize) {
            int factor = (minSize + side - 1) / side;
            w = p.getWidth() * factor;
            h = p.getHeight() * factor;
            interpolation = RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
        } else if (side > maxSize) {
            w = Math.max(1, (int) Math.round((double) p.getWidth() * maxSize / side));
            h = Math.max(1, (int) Math.round((double) p.getHeight() * maxSize / side));
            interpolation = RenderingHints.VALUE_INTERPOLATION_BILINEAR;
        } else {
            return p;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.drawImage(p, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Images of a (N, C, H, W) or (C, H, W) tensor, de-normalised when mean/std are given. */
    static List<BufferedImage> fromTensor(NDArray batch, float[] mean, float[] std) {
        long[] shape = batch.getShape().getShape();
        if (shape.length == 3) {
            shape = new long[] {1, shape[0], shape[1], shape[2]};
        }
        if (shape.length != 4 || (shape[1] != 1 && shape[1] != 3)) {
            throw new IllegalArgumentException(
                    "Images must have shape (N, C, H, W) or (C, H, W) with C = 1 or 3, got "
                            + batch.getShape()
                            + ". An (H, W, C) image needs .transpose(2, 0, 1) first.");
        }
        int n = (int) shape[0];
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        if (mean != null && mean.length != c && mean.length != 1) {
            throw new IllegalArgumentException(
                    "Normalization has " + mean.length + " channels but the images have " + c);
        }
        boolean bytes =
                batch.getDataType() == DataType.UINT8 || batch.getDataType() == DataType.INT8;
        float[] v = batch.toType(DataType.FLOAT32, false).toFloatArray();
        List<BufferedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] rgb = new int[3];
                    for (int ch = 0; ch < 3; ch++) {
                        int src = c == 1 ? 0 : ch;
                        float value = v[((i * c + src) * h + y) * w + x];
                        if (bytes) {
                            value /= 255f;
                        }
                        if (mean != null) {
                            int k = mean.length == 1 ? 0 : src;
                            value = value * std[k] + mean[k];
                        }
                        rgb[ch] = Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
                    }
                    img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                }
            }
            out.add(img);
        }
        return Collections.unmodifiableList(out);
    }

    private static String name(List<String> classNames, int label) {
        if (label < 0 || label >= classNames.size()) {
            throw new IllegalArgumentException(
                    "Label "
                            + label
                            + " has no class name; there are "
                            + classNames.size()
                            + " names "
                            + (classNames.size() <= 12 ? classNames : ""));
        }
        return classNames.get(label);
    }

    private static int titleWidth(Font font, String title) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(font).stringWidth(title);
        } finally {
            g.dispose();
        }
    }

    /**
     * {@code title} in lines no wider than {@code width}: broken after spaces, underscores, hyphens
     * and slashes where possible ("predicted: synthetic_red_" / "disc"), else between letters.
     */
    static List<String> wrap(String title, Font font, int width) {
        List<String> lines = new ArrayList<>();
        String rest = title;
        while (titleWidth(font, rest) > width && rest.length() > 1) {
            int fits = 1;
            while (fits < rest.length() && titleWidth(font, rest.substring(0, fits + 1)) <= width) {
                fits++;
            }
            int cut = fits;
            for (int i = fits; i > 0; i--) {
                char c = rest.charAt(i - 1);
                if (c == ' ' || c == '_' || c == '-' || c == '/') {
                    cut = i;
                    break;
                }
            }
            lines.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            lines.add(rest);
        }
        return lines.isEmpty() ? List.of("") : lines;
    }
}
