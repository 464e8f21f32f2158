package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinglePredictionTest {
    @Test
    void predictsTheTransformedSampleAndTitlesItWithClassNames(@TempDir Path dir) throws Exception {
        SyntheticData.ensure(dir, io.github.resnetcourse.kit.data.DatasetCatalog.CIFAR10);
        Cifar10 test =
                Cifar10.builder()
                        .setRoot(dir)
                        .setSplit(Split.TEST)
                        .optTransform(Pipelines.cifarTest())
                        .setSampling(8, false)
                        .build();
        try (ImageClassifier imagenet = ResNets.resnet18();
                ImageClassifier model = imagenet.withHead(Head.linear(10))) {
            SinglePrediction p = SinglePrediction.show(model, test, 3);
            RgbImage img = test.transformed(3, 1);
            try (NDManager m = NDManager.newBaseManager()) {
                float[] logits =
                        model.predict(m.create(img.data(), new Shape(1, 3, 32, 32))).toFloatArray();
                float best = Float.NEGATIVE_INFINITY;
                for (float logit : logits) {
                    best = Math.max(best, logit);
                }
                // Random weights can make two classes tie within float32 rounding: the shown
                // class must score the maximum within a tolerance.
                assertTrue(
                        logits[(int) p.predicted()] >= best - 1e-4f, "predicted " + p.predicted());
            }
            assertEquals(test.label(3), p.label());
            assertTrue(p.title().startsWith("predicted: " + test.classNames().get(p.predicted())));
            assertEquals(p.title(), p.toString(), "a cell's echo reads like the image's title");
            assertThrows(
                    IllegalArgumentException.class, () -> SinglePrediction.show(model, test, -1));
        }
    }
}
