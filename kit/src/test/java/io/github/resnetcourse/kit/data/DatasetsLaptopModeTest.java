package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Laptop mode through the notebooks' facades: the lesson's class-balanced subset of the data in the
 * data folder (here generated files of the real formats standing in for the real sets), a loud
 * generated twin where the data is missing, and full mode unchanged.
 */
class DatasetsLaptopModeTest {
    @TempDir static Path data;

    @BeforeAll
    static void placeData() throws IOException {
        // In the data folder, where the real sets live: 2,000 CIFAR train and 500 test records,
        // 102 flower classes of 4 train and 2 valid images.
        SyntheticData twins =
                SyntheticData.builder()
                        .setRoot(data)
                        .optCifarPerBatch(400)
                        .optCifarTest(500)
                        .optFlowersPerClass(4, 2)
                        .build();
        twins.writeCifar10();
        twins.writeFlowers102();
    }

    @AfterEach
    void clear() {
        for (String key : List.of("course.mode", "course.lesson", "course.data", "course.home")) {
            System.clearProperty(key);
        }
    }

    private static void run(String mode, String lesson, Path dataDir) {
        if (mode != null) {
            System.setProperty("course.mode", mode);
        }
        System.setProperty("course.lesson", lesson);
        System.setProperty("course.data", dataDir.toString());
        System.setProperty("course.home", dataDir.toString());
    }

    private static Map<Integer, Integer> counts(ImageDataset d) {
        Map<Integer, Integer> c = new TreeMap<>();
        for (long i = 0; i < d.size(); i++) {
            c.merge(d.label(i), 1, Integer::sum);
        }
        return c;
    }

    private static String stdout(IoAction action) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void laptopModeReadsTheLessonsClassBalancedSubsetAndSaysSo() throws IOException {
        Map<Integer, Integer> all =
                counts(
                        Cifar10.builder()
                                .setRoot(data)
                                .setSplit(Split.TRAIN)
                                .setSampling(64, false)
                                .build());
        run("laptop", "06", data); // 100 train and 50 test images per class
        List<Cifar10> got = new ArrayList<>();
        String out = stdout(() -> got.add(Datasets.cifar10(Split.TRAIN, 64)));
        Map<Integer, Integer> kept = counts(got.get(0));
        for (int label = 0; label < 10; label++) {
            assertEquals(Math.min(100, all.get(label)), kept.get(label), "label " + label);
        }
        assertTrue(out.contains("laptop mode: cifar10 train, "), out);
        assertTrue(out.contains("(100 per class, chosen by seed 42)"), out);
        assertFalse(out.contains("GENERATED"), out);
        // The same subset in every run.
        Cifar10 again = Datasets.cifar10(Split.TRAIN, 64);
        for (long i = 0; i < again.size(); i += 97) {
            assertEquals(got.get(0).image(i).get(1, 5, 5), again.image(i).get(1, 5, 5));
        }
    }

    @Test
    void laptopModeNarrowsFlowersAndCapsTheBatchAsTheLessonsPlanSays() throws IOException {
        run("laptop", "03", data); // 2 train and 1 valid image per class, batch 16
        ImageFolder valid = Datasets.flowers102(Split.VALID, 32);
        assertEquals(102, valid.size());
        assertEquals(102, counts(valid).size());
        assertEquals(16, Env.current().batchSize(32));
        assertEquals(204, Datasets.flowers102(Split.TRAIN, 32).size());
    }

    @Test
    void fullModeReadsEveryImageWhateverTheLesson() throws IOException {
        run(null, "06", data);
        assertEquals(2000, Datasets.cifar10(Split.TRAIN, 64).size());
        assertEquals(500, Datasets.cifar10(Split.TEST, 64).size());
        assertEquals(204, Datasets.flowers102(Split.VALID, 32).size());
    }

    @Test
    void laptopModeWithoutTheDataSaysSoLoudlyAndRunsOnATwinOfTheSubsetsSize(@TempDir Path empty)
            throws IOException {
        run("laptop", "02", empty); // 200 train and 50 test images per class
        List<Cifar10> got = new ArrayList<>();
        String out = stdout(() -> got.add(Datasets.cifar10(Split.TEST, 64)));
        assertTrue(out.contains("LAPTOP MODE ON GENERATED DATA: cifar10 not in " + empty), out);
        assertTrue(out.contains("./course data fetch cifar10"), out);
        assertTrue(
                got.get(0).classNames().get(0).startsWith("synthetic_"),
                got.get(0).classNames().toString());
        Map<Integer, Integer> twin =
                counts(
                        Cifar10.builder()
                                .setRoot(empty.resolve("synth/laptop"))
                                .setSplit(Split.TEST)
                                .setSampling(64, false)
                                .build());
        Map<Integer, Integer> kept = counts(got.get(0));
        twin.forEach((label, n) -> assertEquals(Math.min(50, n), kept.get(label), "" + label));
    }
}
