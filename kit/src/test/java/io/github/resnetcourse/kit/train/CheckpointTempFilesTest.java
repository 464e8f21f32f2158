package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint write killed between temporary file and rename leaves nothing behind for long. */
class CheckpointTempFilesTest {
    @TempDir Path dir;

    @Test
    void theNextSaveRemovesTempFilesLeftByAKilledSave() throws IOException {
        Path file = dir.resolve("best.ckpt");
        Path other = dir.resolve("other.ckpt12345.tmp");
        try (NDManager manager = NDManager.newBaseManager();
                Learner l =
                        Learner.builder()
                                .setModel(Blobs.model())
                                .setData(Blobs.dataset(manager, 30, 10, 1, true, false), null)
                                .optNoProgress()
                                .build()) {
            l.fit(1);
            Checkpoint.save(file, l);
            // What a JVM killed during the rename leaves: a complete copy under a temporary name,
            // and a half-written one.
            Files.copy(file, dir.resolve("best.ckpt8812734409.tmp"));
            Files.write(dir.resolve("best.ckpt55.tmp"), new byte[] {1, 2, 3});
            Files.write(other, new byte[] {4});
            l.fit(1);
            Checkpoint.save(file, l);
        }
        assertEquals(
                List.of("best.ckpt", "other.ckpt12345.tmp"),
                names(dir),
                "the stale temporary files of best.ckpt are gone; another file's are not touched");
        assertEquals(2, Checkpoint.read(file).epoch());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
