package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.data.transform.Resize;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.train.EarlyStopping;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesson 04's helpers: the early-stopping replay, the sample grid and the normalisation cost. */
class Lesson04HelpersTest {
    /** Seed 000's validation losses, epochs 1–15, as its log prints them. */
    static final double[] SEED_LOSSES = {
        0.188087, 0.023144, 0.015029, 0.011310, 0.0104, 0.0122, 0.0115, 0.0112, 0.009129, 0.008041,
        0.0116, 0.0123, 0.0085, 0.0106, 0.0094
    };

    @TempDir static Path dir;
    static Path birds;

    @BeforeAll
    static void birds() throws Exception {
        SyntheticData.builder().setRoot(dir).optBirds(6, 40).build().writeBirds4();
        birds = dir.resolve("birds4");
    }

    static ImageFolder valid(ImagePipeline transform) throws java.io.IOException {
        return ImageFolder.builder()
                .setRoot(birds)
                .optSplit(Split.VALID, 0.5, 42)
                .optTransform(transform)
                .optSeed(42)
                .setSampling(4, false)
                .build();
    }

    @Test
    void replayingTheSeedsLogStopsAtEpoch15KeepingEpoch10() {
        EarlyStoppingReplay r =
                EarlyStoppingReplay.of(
                        EarlyStopping.onValidLoss().patience(5).minDelta(0.001), SEED_LOSSES);
        assertEquals(15, r.stoppedEpoch());
        assertEquals(10, r.bestEpoch());
        assertEquals(0.008041, r.bestLoss(), 1e-12);
        assertTrue(r.toString().startsWith("stopped after 15 epochs; best epoch 10"), r.toString());
    }

    @Test
    void withoutMinDeltaEpoch5CountsAsAnImprovementButTheEndIsTheSame() {
        // 0.0104 < 0.011310: an improvement of 0.00091, below the seed's delta of 0.001.
        EarlyStoppingReplay r =
                EarlyStoppingReplay.of(
                        EarlyStopping.onValidLoss().patience(5).minDelta(0), SEED_LOSSES);
        assertEquals(15, r.stoppedEpoch(), r.toString());
        assertEquals(10, r.bestEpoch());
        EarlyStoppingReplay first5 =
                EarlyStoppingReplay.of(
                        EarlyStopping.onValidLoss().patience(5).minDelta(0),
                        Arrays.copyOf(SEED_LOSSES, 5));
        assertEquals(5, first5.bestEpoch());
    }

    @Test
    void aShortPatienceStopsEarly() {
        EarlyStoppingReplay r =
                EarlyStoppingReplay.of(
                        EarlyStopping.onValidLoss().patience(2).minDelta(0.001), SEED_LOSSES);
        assertEquals(6, r.stoppedEpoch());
        assertEquals(4, r.bestEpoch());
    }

    @Test
    void sampleGridShowsSeededDistinctImagesWithTheirClasses() throws Exception {
        ImageFolder data = valid(ImagePipeline.of(Resize.to(32, 32), Normalize.KERAS_TF));
        SampleGrid a = SampleGrid.show(data, 3, 4, 7);
        SampleGrid b = SampleGrid.show(data, 3, 4, 7);
        assertEquals(12, Arrays.stream(a.indices()).distinct().count());
        assertEquals(Arrays.toString(a.indices()), Arrays.toString(b.indices()));
        for (int i = 0; i < 12; i++) {
            assertEquals(data.label(a.indices()[i]), a.labels()[i]);
        }
        int total = 0;
        for (int c = 0; c < 4; c++) {
            total += a.count(c);
        }
        assertEquals(12, total);
        assertTrue(a.toString().startsWith("12 images: "), a.toString());
        assertThrows(IllegalArgumentException.class, () -> SampleGrid.show(data, 5, 4, 7));
    }

    @Test
    void normalizationCostMeasuresTheSameImagesUnderBothScalings() throws Exception {
        ImageFolder right = valid(ImagePipeline.of(Resize.to(32, 32), Normalize.KERAS_TF));
        ImageFolder wrong = valid(ImagePipeline.of(Resize.to(32, 32), Normalize.IMAGENET));
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(Head.linear(4))) {
            NormalizationCost same = NormalizationCost.measure(model, right, right, 8);
            assertEquals(8, same.images());
            assertEquals(0, same.maxAbsLogitChange(), 1e-6);
            assertEquals(1.0, same.top1Agreement());

            NormalizationCost cost = NormalizationCost.measure(model, right, wrong, 100);
            assertEquals(right.size(), cost.images());
            // [-1, 1] against ImageNet's mean/std: (0 - 0.485) / 0.229 = -2.12, (1 - 0.406) / 0.225
            // = 2.64 at most.
            assertTrue(cost.expected().inputMin() >= -1 && cost.expected().inputMax() <= 1);
            assertTrue(cost.other().inputMax() > 1.5, cost.toString());
            assertTrue(cost.maxAbsLogitChange() > 0, cost.toString());
            assertFalse(Double.isNaN(cost.expected().accuracy()), "4 outputs, 4 classes");
            assertTrue(cost.toString().contains("top-1 class"), cost.toString());
        }
    }
}
