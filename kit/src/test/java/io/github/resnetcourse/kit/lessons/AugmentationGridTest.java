package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.CenterCrop;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.ImageTransform;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.data.transform.RandomFlip;
import io.github.resnetcourse.kit.data.transform.RandomRotation;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lessons 02 and 03: one training image and eight draws of its augmentation pipeline. */
class AugmentationGridTest {
    @TempDir Path dir;

    private final ImagePipeline pipeline =
            ImagePipeline.of(
                    new CenterCrop(48),
                    new RandomRotation(30),
                    RandomFlip.horizontal(0.5),
                    Normalize.IMAGENET);

    private ImageFolder flowers() throws Exception {
        SyntheticData.builder()
                .setRoot(dir)
                .optFlowerClasses(2)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(64)
                .build()
                .writeFlowers102();
        return Flowers102.builder(dir, Split.TRAIN)
                .optTransform(pipeline)
                .setSampling(2, true)
                .build();
    }

    @Test
    void showsTheOriginalAndEightDifferentDrawsInOneImage() throws Exception {
        ImageFolder train = flowers();
        List<MimeBundle> shown = new ArrayList<>();
        DisplaySink before = Notebook.sink();
        Notebook.install(
                new DisplaySink() {
                    @Override
                    public String display(MimeBundle bundle) {
                        shown.add(bundle);
                        return "d" + shown.size();
                    }

                    @Override
                    public void update(String id, MimeBundle bundle) {}
                });
        try {
            AugmentationGrid grid = AugmentationGrid.show(train, pipeline, 1, 8, 9, 42);
            assertEquals(1, shown.size(), "one image per show");
            assertTrue(
                    shown.get(0).data().containsKey(MimeBundle.PNG),
                    "48-pixel crops are small images, kept as PNG");
            String text = shown.get(0).data().get(MimeBundle.TEXT);
            assertTrue(text.contains("original, augmented #1"), text);
            assertTrue(text.contains("augmented #8"), text);
            assertEquals(8, grid.copies());
        } finally {
            Notebook.install(before);
        }
        RgbImage original = train.image(1);
        ImageTransform shownSteps = AugmentationGrid.withoutNormalization(pipeline);
        float[] first = shownSteps.apply(original, new SplittableRandom(43)).data();
        float[] second = shownSteps.apply(original, new SplittableRandom(44)).data();
        assertFalse(Arrays.equals(first, second), "two draws of the pipeline differ");
        for (float v : first) {
            assertTrue(v >= 0f && v <= 1f, "shown before normalisation: " + v);
        }
    }

    @Test
    void anIndexOutsideTheDatasetIsRefusedWithTheRange() throws Exception {
        ImageFolder train = flowers();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AugmentationGrid.show(train, pipeline, 99, 8, 9, 1));
        assertTrue(e.getMessage().contains("0..3"), e.getMessage());
    }
}
