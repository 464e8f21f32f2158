package io.github.resnetcourse.kit.features;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a feature cache depends on, hashed by content (SHA-256): every value of the backbone's
 * parameters and batch-norm statistics, the pipeline that made the pictures (its description, and
 * for augmented views the seed and the number of views), and the data — each image file's bytes and
 * label for an image folder, each decoded image and label for other datasets. A file renamed,
 * re-encoded or relabelled, a weight changed by a fit or a load, a transform's parameter: each
 * gives a new key, so a stale cache is never read.
 */
final class CacheKey {
    private static final int FORMAT = 1;

    private CacheKey() {}

    /** The SHA-256 of the backbone's parameters (names, shapes and values). */
    static byte[] weights(Block body) {
        MessageDigest sha = sha256();
        for (Pair<String, Parameter> p : body.getParameters()) {
            text(sha, p.getKey());
            text(sha, p.getValue().getArray().getShape().toString());
            sha.update(p.getValue().getArray().toByteArray());
        }
        return sha.digest();
    }

    /**
     * The SHA-256 of the first {@code n} images and labels of {@code data}, read from its files if
     * it has them.
     */
    static byte[] data(ImageDataset data, long n) throws IOException {
        MessageDigest sha = sha256();
        text(sha, data.getClass().getName());
        text(sha, String.join("\n", data.classNames()));
        longValue(sha, n);
        if (data instanceof ImageFolder folder) {
            byte[] buffer = new byte[1 << 16];
            for (long i = 0; i < n; i++) {
                Path file = folder.files().get((int) i);
                text(sha, file.getParent().getFileName() + "/" + file.getFileName());
                longValue(sha, folder.label(i));
                try (InputStream in = Files.newInputStream(file)) {
                    for (int r; (r = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, r);
                    }
                }
            }
        } else {
            for (long i = 0; i < n; i++) {
                longValue(sha, data.label(i));
                RgbImage image = data.image(i);
                longValue(sha, image.height());
                longValue(sha, image.width());
                ByteBuffer bytes =
                        ByteBuffer.allocate(image.data().length * Float.BYTES)
                                .order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(image.data());
                sha.update(bytes);
            }
        }
        return sha.digest();
    }

    /**
     * The key of one split's cache: the weights' and the data's hashes, the views and the pipeline
     * that made them.
     */
    static byte[] of(
            byte[] weights,
            byte[] data,
            TrainingViews views,
            int count,
            ImagePipeline pipeline,
            long seed) {
        MessageDigest sha = sha256();
        longValue(sha, FORMAT);
        sha.update(weights);
        sha.update(data);
        text(sha, views.name());
        longValue(sha, count);
        text(sha, pipeline.toString());
        if (views == TrainingViews.AUGMENTED) {
            longValue(sha, seed); // the draws of each view follow (seed, epoch, index)
        }
        return sha.digest();
    }

    /** The first 16 hex digits, for file names. */
    static String shortHex(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 8);
    }

    private static void text(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        longValue(sha, b.length);
        sha.update(b);
    }

    private static void longValue(MessageDigest sha, long v) {
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
