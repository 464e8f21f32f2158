package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lessons 04 and 05 in {@code ./course bench lessons}, both sides for real on the generated twins
 * (one warm-up and one timed batch each): the kit's notebook code and the PyTorch scripts train the
 * same models on data in the same formats. Asserts nothing about time.
 */
class Lesson04And05BenchTest {

    private static void assumeDebianTorch() throws Exception {
        DebianTorch.assumeImports("torch, torchvision, h5py");
    }

    private static LessonReport tinyRun(String lessons, Path out) throws Exception {
        LessonsBenchCommand c = new LessonsBenchCommand();
        Path home = Env.current().home();
        assertTrue(
                c.parse(
                        new String[] {
                            "--lessons",
                            lessons,
                            "--warmup",
                            "1",
                            "--batches",
                            "1",
                            "--out",
                            out.toString()
                        },
                        home));
        return c.run(home);
    }

    @Test
    void bothSidesTrainTheSamePlainAndResidualNetworksOnTheCifarTwin(@TempDir Path out)
            throws Exception {
        assumeDebianTorch();
        LessonReport report = tinyRun("05-plain20,05-resnet20", out);
        assertEquals(4, report.runs().size());
        for (LessonReport.Summary s : report.summaries()) {
            assertTrue(s.sameModel(), s.toString());
            // He et al.'s CIFAR net of depth 20: option A adds no parameters to plain-20.
            assertEquals(269_722, s.kit().parameters(), s.toString());
            assertEquals(s.kit().parameters(), s.kit().trainable(), s.toString());
        }
        for (LessonReport.Run run : report.runs()) {
            // A random 10-way head starts near ln 10 on both sides (a sanity check: the two
            // sides initialise differently).
            double loss = run.measurement().firstLoss();
            assertTrue(Math.abs(loss - Math.log(10)) < 2, run.toString());
        }
        assertTrue(Files.exists(out.resolve("data/cifar-10-batches-py/data_batch_5")));
        assertTrue(Files.size(out.resolve("table.md")) > 0);
    }

    @Test
    void bothSidesTrainTheSameResNet50V2OnTheBirdTwin(@TempDir Path out) throws Exception {
        assumeDebianTorch();
        LessonReport report = tinyRun("04", out);
        LessonReport.Summary s = report.summaries().get(0);
        assertTrue(s.sameModel(), s.toString());
        // Keras' 25,568,360 trainable weights, with Dense(2048 → 4) for Dense(2048 → 1000).
        assertEquals(25_568_360 - 2_049_000 + 8_196, s.kit().parameters());
        assertEquals(s.kit().parameters(), s.kit().trainable());
        assertTrue(s.kit().peakRssMb() > 50 && s.seed().peakRssMb() > 50, s.toString());
        try (Stream<Path> species = Files.list(out.resolve("data/birds4"))) {
            assertEquals(4, species.filter(Files::isDirectory).count());
        }
    }

    /**
     * The PyTorch script's ResNet50V2 (torchvision has none) loads a Keras-layout .h5 written by
     * the kit's Keras reference ({@code kit/src/test/python/models/keras_resnet50v2.py}, against
     * which {@code KerasParityTest} checks the kit) and gives its logits; its parameter count is
     * the kit's.
     */
    @Test
    void theScriptsResNet50V2IsKerasLayoutWithTheKitsParameterCount(@TempDir Path dir)
            throws Exception {
        assumeDebianTorch();
        Path script = Env.current().home().resolve("bench/lessons/seed000_resnet50v2.py");
        Process p =
                new ProcessBuilder(
                                DebianTorch.PYTHON.toString(),
                                script.toString(),
                                "--check-keras",
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        String[] lines = said.strip().split("\n");
        JsonObject check = new Gson().fromJson(lines[lines.length - 1], JsonObject.class);
        double scale = check.get("referenceScale").getAsDouble();
        assertTrue(scale > 0.1, said);
        assertTrue(check.get("maxAbsDiff").getAsDouble() < 1e-4 * scale, said);
        assertEquals(25_613_800, check.get("kerasCount").getAsLong(), said);
        assertEquals(25_613_800, check.get("h5Weights").getAsLong(), said);
        Engines.init();
        try (ImageClassifier kit = ResNets.resnet50V2()) {
            assertEquals(kit.parameterCount(), check.get("parameters").getAsLong(), said);
        }
    }
}
