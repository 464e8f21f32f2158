package io.github.resnetcourse.kit.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that its final name only ever holds complete content: the bytes go to a
 * temporary file beside it, which is renamed into place in one atomic step. An interrupted write
 * (an exception, a killed kernel) leaves the previous file untouched and no temporary file behind.
 * Checkpoints, history CSVs and reports use it; downloads add resume on top of the same idea.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of one file, given the temporary path to write it to. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code tmp}. */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Writes {@code target} through {@code content}, creating its folder if needed.
     *
     * @return {@code target}
     * @throws IOException from the write or the rename; {@code target} is then unchanged
     */
    public static Path write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Same folder as the target: a rename across file systems could not be atomic.
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            content.writeTo(tmp);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
