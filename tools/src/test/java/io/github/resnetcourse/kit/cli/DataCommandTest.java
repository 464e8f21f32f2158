package io.github.resnetcourse.kit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./course data synth|status|--help} on a temporary data folder. */
class DataCommandTest {
    @TempDir Path data;

    @Test
    void synthThenStatusShowsTwinsAndFetchCommands() throws Exception {
        Env env = Env.of(Map.of("COURSE_DATA", data.toString()), data);
        String out =
                run(
                        env,
                        "synth",
                        "--cifar-per-batch",
                        "20",
                        "--cifar-test",
                        "20",
                        "--flowers-per-class",
                        "1",
                        "1",
                        "--flower-size",
                        "24",
                        "--birds-per-class",
                        "3");
        assertTrue(out.contains("Generated CIFAR-10 twin: 100 train / 20 test"), out);
        assertTrue(
                Files.isRegularFile(data.resolve("synth/cifar-10-batches-bin/data_batch_5.bin")));
        assertTrue(
                Files.isRegularFile(data.resolve("synth/flower_data/valid/102/image_00000.jpg")));
        assertEquals(
                20 * 3073, Files.size(data.resolve("synth/cifar-10-batches-bin/test_batch.bin")));

        String status = run(env, "status");
        assertTrue(status.contains("cifar10     missing   ./course data fetch cifar10"), status);
        assertTrue(status.contains("flowers102  missing   ./course data fetch flowers102"), status);
        assertTrue(status.contains("birds4      present ("), status);
    }

    @Test
    void helpListsTheCommands() throws Exception {
        String out = run(Env.of(Map.of("COURSE_DATA", data.toString()), data), "--help");
        assertTrue(out.contains("fetch <cifar10|flowers102|birds4|all>"), out);
        assertTrue(out.contains("bench"), out);
    }

    private static String run(Env env, String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            DataCommand.run(args, env);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
