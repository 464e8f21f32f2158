package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.CenterCrop;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-sample grid: seeded distinct samples, titled with their class names. */
class SampleGridTest {
    @TempDir Path dir;

    @Test
    void showsSeededDistinctSamplesTitledWithTheirClassNames() throws Exception {
        SyntheticData.builder()
                .setRoot(dir)
                .optFlowerClasses(4)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(40)
                .build()
                .writeFlowers102();
        ImageFolder train =
                Flowers102.builder(dir, Split.TRAIN)
                        .optTransform(ImagePipeline.of(new CenterCrop(32), Normalize.IMAGENET))
                        .setSampling(4, true)
                        .build();
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
            SampleGrid grid = SampleGrid.show(train, 2, 3, 11);
            assertEquals(6, Arrays.stream(grid.indices()).distinct().count());
            for (int i = 0; i < 6; i++) {
                assertEquals(train.label(grid.indices()[i]), grid.labels()[i]);
            }
            assertEquals(
                    Arrays.toString(grid.indices()),
                    Arrays.toString(SampleGrid.show(train, 2, 3, 11).indices()),
                    "same seed");
            assertEquals(2, shown.size(), "one image per show");
            assertTrue(
                    shown.get(0).data().containsKey("image/png"),
                    shown.get(0).data().keySet().toString());
            assertTrue(grid.toString().startsWith("6 images: "), grid.toString());
        } finally {
            Notebook.install(before);
        }
    }
}
