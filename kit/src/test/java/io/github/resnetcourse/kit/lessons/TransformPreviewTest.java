package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.LoaderThroughput;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.CenterCrop;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.ImageTransform;
import io.github.resnetcourse.kit.data.transform.RandomRotation;
import io.github.resnetcourse.kit.data.transform.Resize;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesson 07's transform preview (black corners) and the loader throughput measurement. */
class TransformPreviewTest {
    @TempDir Path dir;

    private ImageFolder flowers(int workers) throws Exception {
        SyntheticData.builder()
                .setRoot(dir)
                .optFlowerClasses(3)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(64)
                .build()
                .writeFlowers102();
        return Flowers102.builder(dir, Split.TRAIN)
                .optTransform(ImagePipeline.of(new CenterCrop(32)))
                .optWorkers(workers)
                .setSampling(2, false)
                .build();
    }

    @Test
    void rotatingAfterTheCropLeavesFarMoreBlackThanRotatingBefore() throws Exception {
        ImageFolder raw = flowers(0);
        ImageTransform rotate45 = (image, rng) -> RandomRotation.rotate(image, 45);
        Map<String, ImageTransform> t = new LinkedHashMap<>();
        t.put(
                "rotate, then crop",
                ImagePipeline.of(Resize.to(60, 60), rotate45, new CenterCrop(44)));
        t.put(
                "crop, then rotate",
                ImagePipeline.of(Resize.to(60, 60), new CenterCrop(44), rotate45));
        TransformPreview p = TransformPreview.show(raw, t, 3, 1);
        assertEquals(2, p.names().size());
        // A 45° turn of a square leaves its four corner triangles empty: (√2 − 1)² / ... about 17 %
        // when the crop is rotated; rotating the bigger image first leaves almost none in the crop.
        assertTrue(p.blackFraction()[1] > 0.10, Arrays.toString(p.blackFraction()));
        assertTrue(
                p.blackFraction()[0] < p.blackFraction()[1] / 3,
                Arrays.toString(p.blackFraction()));
    }

    @Test
    void blackShareCountsPixelsZeroInAllChannels() {
        float[] chw = new float[3 * 4];
        chw[0] = 1f; // pixel 0 has red, the others are black except pixel 1's blue
        chw[2 * 4 + 1] = 0.5f;
        assertEquals(0.5, TransformPreview.blackShare(new RgbImage(chw, 2, 2)), 1e-12);
    }

    @Test
    void throughputCountsTheTimedBatchesAfterAWarmUp() throws Exception {
        LoaderThroughput r = LoaderThroughput.measure(flowers(1), 2);
        assertEquals(2, r.batchSize());
        assertEquals(1, r.workers());
        assertEquals(2, r.batches());
        assertEquals(4, r.images());
        assertTrue(r.imagesPerSecond() > 0, r.toString());
    }
}
