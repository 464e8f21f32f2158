package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.CenterCrop;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionGridTest {
    @TempDir static Path dir;
    static ImageFolder valid;

    @BeforeAll
    static void flowers() throws Exception {
        SyntheticData.builder()
                .setRoot(dir)
                .optFlowerClasses(6)
                .optFlowersPerClass(1, 2)
                .optFlowerSize(40)
                .build()
                .writeFlowers102();
        valid =
                Flowers102.builder(dir, Split.VALID)
                        .optTransform(ImagePipeline.of(new CenterCrop(32), Normalize.IMAGENET))
                        .setSampling(4, false)
                        .build();
    }

    @Test
    void predictsSeededDistinctSamplesWithTheModelAndTheirFlowerNames() throws Exception {
        try (ImageClassifier imagenet = ResNets.resnet18();
                ImageClassifier model = imagenet.withHead(Head.linearLogSoftmax(6))) {
            PredictionGrid grid = PredictionGrid.show(model, valid, 2, 4, 7);

            assertEquals(8, grid.indices().length);
            assertEquals(8, Arrays.stream(grid.indices()).distinct().count());
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < 8; i++) {
                    int index = grid.indices()[i];
                    RgbImage img = valid.transformed(index, 1);
                    float[] logits =
                            model.predict(m.create(img.data(), new Shape(1, 3, 32, 32)))
                                    .toFloatArray();
                    float best = Float.NEGATIVE_INFINITY;
                    for (float logit : logits) {
                        best = Math.max(best, logit);
                    }
                    // The grid predicts in batches, this check one image at a time: random
                    // weights can make two classes tie to within float32 rounding, so the grid's
                    // class must be one whose logit is the maximum within a tolerance, not
                    // necessarily the same index.
                    assertTrue(
                            logits[grid.predicted()[i]] >= best - 1e-4f,
                            "sample "
                                    + index
                                    + ": class "
                                    + grid.predicted()[i]
                                    + " scores "
                                    + logits[grid.predicted()[i]]
                                    + ", the best "
                                    + best);
                    assertEquals(valid.label(index), grid.labels()[i]);
                    assertEquals(
                            valid.classNames().get(grid.predicted()[i])
                                    + " ("
                                    + valid.classNames().get(valid.label(index))
                                    + ")",
                            grid.title(i));
                }
            }
            long right =
                    java.util.stream.IntStream.range(0, 8)
                            .filter(i -> grid.predicted()[i] == grid.labels()[i])
                            .count();
            assertEquals(right, grid.correct());
            assertTrue(grid.toString().startsWith(right + " of 8"));
        }
    }

    @Test
    void sameSeedSameSamplesOtherSeedOthers() throws Exception {
        try (ImageClassifier imagenet = ResNets.resnet18();
                ImageClassifier model = imagenet.withHead(Head.linearLogSoftmax(6))) {
            int[] a = PredictionGrid.show(model, valid, 1, 4, 1).indices();
            int[] b = PredictionGrid.show(model, valid, 1, 4, 1).indices();
            int[] c = PredictionGrid.show(model, valid, 1, 4, 2).indices();
            assertArrayEquals(a, b);
            assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        }
    }

    @Test
    void aGridLargerThanTheDatasetIsRefusedWithItsSize() {
        try (ImageClassifier imagenet = ResNets.resnet18();
                ImageClassifier model = imagenet.withHead(Head.linearLogSoftmax(6))) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PredictionGrid.show(model, valid, 4, 4, 1));
            assertTrue(e.getMessage().contains("12"), e.getMessage());
        }
    }
}
