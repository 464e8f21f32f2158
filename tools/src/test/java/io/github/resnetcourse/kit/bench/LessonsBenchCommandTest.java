package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.resnetcourse.kit.cli.BenchCommand;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonsBenchCommandTest {

    @Test
    void defaultsAreEveryLessonsStagesBothSidesAndEachStagesOwnBatchCounts(@TempDir Path home) {
        LessonsBenchCommand c = new LessonsBenchCommand();
        assertTrue(c.parse(new String[0], home));
        assertEquals(List.of(LessonStage.values()), c.stages());
        assertEquals(List.of(LessonSide.KIT, LessonSide.SEED), c.sides());
        assertEquals(10, c.batchesFor(LessonStage.ALEXNET_FROZEN));
        assertEquals(20, c.batchesFor(LessonStage.RESNET18_UNFROZEN));
        assertEquals(2, c.batchesFor(LessonStage.RESNET152_UNFROZEN));
        assertEquals(1, c.warmupFor(LessonStage.RESNET152_UNFROZEN));
    }

    @Test
    void optionsOverrideTheDefaultsAndBadValuesAreNamed(@TempDir Path home) {
        LessonsBenchCommand c = new LessonsBenchCommand();
        assertTrue(
                c.parse(
                        new String[] {
                            "--lessons", "03", "--batches", "7", "--warmup", "2", "--sides", "kit"
                        },
                        home));
        assertEquals(
                List.of(LessonStage.RESNET152_FROZEN, LessonStage.RESNET152_UNFROZEN), c.stages());
        assertEquals(7, c.batchesFor(LessonStage.RESNET152_FROZEN));
        assertEquals(2, c.warmupFor(LessonStage.RESNET18_FROZEN));
        assertEquals(List.of(LessonSide.KIT), c.sides());
        assertFalse(new LessonsBenchCommand().parse(new String[] {"--help"}, home));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new LessonsBenchCommand()
                                        .parse(new String[] {"--batches", "0"}, home));
        assertTrue(e.getMessage().contains("'0'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new LessonsBenchCommand().parse(new String[] {"--sides", "torch"}, home));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LessonsBenchCommand().parse(new String[] {"--frobnicate", "1"}, home));
    }

    @Test
    void benchLessonsIsDispatchedFromTheBenchCommand() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            BenchCommand.main(new String[] {"lessons", "--help"});
        } finally {
            System.setOut(original);
        }
        String help = captured.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: ./course bench lessons"), help);
        assertTrue(help.contains("flock /tmp/course-bigmem.lock"), help);
    }

    @Test
    void cifarPicklesHoldTheBinaryBatchesRecords(@TempDir Path root) throws Exception {
        assumeTrue(Files.isExecutable(DebianTorch.PYTHON), "no /usr/bin/python3");
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(3)
                .optCifarTest(2)
                .build()
                .writeCifar10();
        Path home = Env.current().home();
        Process convert =
                new ProcessBuilder(
                                DebianTorch.PYTHON.toString(),
                                home.resolve("bench/lessons/cifar_pickles.py").toString(),
                                root.toString())
                        .redirectErrorStream(true)
                        .start();
        String said = new String(convert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, convert.waitFor(), said);
        // Read back the way torchvision's CIFAR10 does (pickle, latin1), labels and pixels.
        String read =
                "import pickle,sys\n"
                        + "d=pickle.load(open(sys.argv[1],'rb'),encoding='latin1')\n"
                        + "m=pickle.load(open(sys.argv[2],'rb'),encoding='latin1')\n"
                        + "print(' '.join(map(str,d['labels'])))\n"
                        + "print(' '.join(map(str,d['data'][2].tolist())))\n"
                        + "print(len(m['label_names']))\n";
        Path py = root.resolve("cifar-10-batches-py");
        Process check =
                new ProcessBuilder(
                                DebianTorch.PYTHON.toString(),
                                "-c",
                                read,
                                py.resolve("data_batch_4").toString(),
                                py.resolve("batches.meta").toString())
                        .redirectErrorStream(true)
                        .start();
        String[] lines =
                new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .strip()
                        .split("\n");
        assertEquals(0, check.waitFor(), String.join("\n", lines));
        byte[] bin = Files.readAllBytes(root.resolve("cifar-10-batches-bin/data_batch_4.bin"));
        int record = 3073;
        assertEquals(
                (bin[0] & 0xff) + " " + (bin[record] & 0xff) + " " + (bin[2 * record] & 0xff),
                lines[0]);
        StringBuilder third = new StringBuilder();
        for (int i = 1; i < record; i++) {
            third.append(i > 1 ? " " : "").append(bin[2 * record + i] & 0xff);
        }
        assertEquals(third.toString(), lines[1]);
        assertEquals("10", lines[2]);
    }

    /**
     * The whole command at its smallest: one lesson 02 stage, one warm-up and one timed batch on
     * each side, the seed's script under Debian's torch. Checks that both sides ran the same model
     * and that the files are written; asserts nothing about time.
     */
    @Test
    void tinyRunOfBothSidesWritesTheReport(@TempDir Path out) throws Exception {
        DebianTorch.assumeImports("torch, torchvision");
        LessonsBenchCommand c = new LessonsBenchCommand();
        Path home = Env.current().home();
        assertTrue(
                c.parse(
                        new String[] {
                            "--lessons", "02-resnet18-frozen",
                            "--warmup", "1",
                            "--batches", "1",
                            "--out", out.toString()
                        },
                        home));
        LessonReport report = c.run(home);
        assertEquals(2, report.runs().size());
        LessonReport.Summary s = report.summaries().get(0);
        assertTrue(s.sameModel(), s.toString());
        assertEquals(11_181_642, s.kit().parameters());
        assertEquals(5_130, s.kit().trainable());
        assertTrue(s.kit().peakRssMb() > 50 && s.seed().peakRssMb() > 50, s.toString());
        for (String file : Arrays.asList("runs.csv", "summary.json", "table.md")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.exists(out.resolve("data/cifar-10-batches-py/data_batch_5")));
    }
}
