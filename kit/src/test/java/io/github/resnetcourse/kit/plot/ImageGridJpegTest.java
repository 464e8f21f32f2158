package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A grid of photographs embeds as JPEG: a fraction of the PNG's size, same picture. */
class ImageGridJpegTest {

    /** A smooth photo-like picture with a little noise (what a flower photo compresses like). */
    private static BufferedImage photo(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                int red = Math.min(255, x + r.nextInt(24));
                int green = Math.min(255, y + r.nextInt(24));
                int blue = Math.min(255, (x + y) / 2 + r.nextInt(24));
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    @Test
    void aPhotoGridEncodedAsJpegIsSmallerThanPngAndDecodesToTheSameSize() throws Exception {
        List<BufferedImage> photos = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            photos.add(photo(i));
            titles.add("fire lily (fire lily)");
        }
        ImageGrid grid =
                ImageGrid.builder()
                        .setImages(photos)
                        .optTitles(titles)
                        .optMaxImageSize(160)
                        .optEncoding(ImageGrid.Encoding.JPEG)
                        .build();
        MimeBundle bundle = grid.toBundle();
        String base64 = bundle.data().get(MimeBundle.JPEG);
        byte[] jpeg = Base64.getDecoder().decode(base64);
        assertEquals((byte) 0xFF, jpeg[0]);
        assertEquals((byte) 0xD8, jpeg[1]);
        assertTrue(
                jpeg.length * 3 < grid.png().length,
                "JPEG " + jpeg.length + " B vs PNG " + grid.png().length + " B");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(grid.image().getWidth(), decoded.getWidth());
        assertEquals(grid.image().getHeight(), decoded.getHeight());
    }

    @Test
    void photographsAreJpegAndSmallImagesStayCrispPng() {
        assertEquals(ImageGrid.Encoding.JPEG, ImageGrid.Encoding.forImageWidth(224));
        assertEquals(ImageGrid.Encoding.JPEG, ImageGrid.Encoding.forImageWidth(96));
        assertEquals(ImageGrid.Encoding.PNG, ImageGrid.Encoding.forImageWidth(32));
        ImageGrid cifar = ImageGrid.builder().setImages(List.of(photo(1))).build();
        assertTrue(cifar.toBundle().data().containsKey(MimeBundle.PNG), "PNG is the default");
    }
}
