package io.github.resnetcourse.kit.data.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints the learnable task of the generated datasets: class {@code k} of {@code n} is a shape
 * ({@code k % 6}: disc, square, triangle, cross, ring, diamond) in a hue of its own, at a random
 * position, size and angle on a random grey background with distractor lines. A small CNN learns it
 * within an epoch or two; nothing about it resembles the real photos.
 */
final class ShapePainter {
    static final int SHAPES = 6;
    private static final String[] SHAPE_NAMES = {
        "disc", "square", "triangle", "cross", "ring", "diamond"
    };

    private ShapePainter() {}

    /** The descriptive name of class {@code k} of {@code n}. */
    static String describe(int k, int n) {
        return colourName(hue(k, n)) + " " + SHAPE_NAMES[k % SHAPES];
    }

    static BufferedImage paint(int k, int n, int height, int width, SplittableRandom rng) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int grey = 40 + rng.nextInt(150);
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(0, 0, width, height);
        int side = Math.min(width, height);
        g.setStroke(new BasicStroke(Math.max(1f, side / 32f)));
        for (int i = 0; i < 3; i++) {
            int v = rng.nextInt(256);
            g.setColor(new Color(v, v, v));
            g.drawLine(
                    rng.nextInt(width),
                    rng.nextInt(height),
                    rng.nextInt(width),
                    rng.nextInt(height));
        }
        float sat = 0.65f + 0.35f * (float) rng.nextDouble();
        float bri = 0.7f + 0.3f * (float) rng.nextDouble();
        float h = hue(k, n) + (float) (rng.nextDouble() - 0.5) * 0.02f;
        g.setColor(Color.getHSBColor(h, sat, bri));
        double size = side * (0.35 + 0.3 * rng.nextDouble());
        double cx = width / 2.0 + (rng.nextDouble() - 0.5) * (width - size) * 0.8;
        double cy = height / 2.0 + (rng.nextDouble() - 0.5) * (height - size) * 0.8;
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        at.rotate(rng.nextDouble() * 2 * Math.PI);
        g.transform(at);
        int r = (int) (size / 2);
        switch (k % SHAPES) {
            case 0 -> g.fillOval(-r, -r, 2 * r, 2 * r);
            case 1 -> g.fillRect(-r, -r, 2 * r, 2 * r);
            case 2 -> g.fillPolygon(new Polygon(new int[] {0, r, -r}, new int[] {-r, r, r}, 3));
            case 3 -> {
                g.fillRect(-r, -r / 3, 2 * r, 2 * r / 3);
                g.fillRect(-r / 3, -r, 2 * r / 3, 2 * r);
            }
            case 4 -> {
                g.setStroke(new BasicStroke(Math.max(1f, r / 2.5f)));
                g.drawOval(-r * 3 / 4, -r * 3 / 4, r * 3 / 2, r * 3 / 2);
            }
            default ->
                    g.fillPolygon(new Polygon(new int[] {0, r, 0, -r}, new int[] {-r, 0, r, 0}, 4));
        }
        g.dispose();
        return img;
    }

    private static float hue(int k, int n) {
        int hues = (n + SHAPES - 1) / SHAPES;
        return (float) (k / SHAPES) / Math.max(1, hues) + (k % SHAPES) * 0.013f;
    }

    private static String colourName(float hue) {
        String[] names = {
            "red", "orange", "yellow", "lime", "green", "teal", "cyan", "azure", "blue", "violet",
            "magenta", "pink"
        };
        return names[(int) (((hue % 1f) + 1f) % 1f * names.length) % names.length];
    }
}
