package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course bench lessons} for lessons 06 and 07 at their smallest: one warm-up and one timed
 * batch per side, the seeds' scripts under Debian's torch, on the generated data the command
 * writes. Checks that the kit and the seeds' PyTorch train the same models (parameter and trainable
 * counts); asserts nothing about time.
 */
class Lessons06And07BenchTest {

    @Test
    void bothSidesTrainTheSameModels(@TempDir Path out) throws Exception {
        DebianTorch.assumeImports("torch, torchvision, PIL, numpy");
        LessonsBenchCommand c = new LessonsBenchCommand();
        Path home = Env.current().home();
        assertTrue(
                c.parse(
                        new String[] {
                            "--lessons", "06,07-resnet18-mlp-frozen",
                            "--warmup", "1",
                            "--batches", "1",
                            "--out", out.toString()
                        },
                        home));
        LessonReport report = c.run(home);
        assertEquals(4, report.runs().size());
        LessonReport.Summary resnet50 = report.summaries().get(0);
        assertEquals(LessonStage.RESNET50_SCRATCH, resnet50.stage());
        assertTrue(resnet50.sameModel(), resnet50.toString());
        assertEquals(23_528_522, resnet50.kit().parameters()); // torchvision's resnet50(10)
        assertEquals(23_528_522, resnet50.kit().trainable());
        LessonReport.Summary toolbox = report.summaries().get(1);
        assertEquals(LessonStage.RESNET18_MLP_FROZEN, toolbox.stage());
        assertTrue(toolbox.sameModel(), toolbox.toString());
        assertEquals(11_334_054, toolbox.kit().parameters());
        assertEquals(157_542, toolbox.kit().trainable());
        assertTrue(Files.exists(out.resolve("data/cifar-10-batches-bin/data_batch_5.bin")));
        assertTrue(Files.isDirectory(out.resolve("data/flower_data/train/102")));
    }
}
