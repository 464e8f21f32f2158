package io.github.resnetcourse.kit.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one way the kit writes files: content goes to a temporary file beside the target, which is
 * flushed to disk and renamed into place in one step, so a name the kit writes only ever holds
 * complete content. An exception or an interrupted cell leaves the previous content untouched and
 * no temporary file behind (a JVM killed mid-write can leave a {@code *.tmp} file beside the
 * target, never a half-written target). Four forms, by how the content is produced:
 *
 * <ul>
 *   <li>{@link #write}: the whole content in one call (checkpoints, history CSVs, reports,
 *       generated dataset batches);
 *   <li>{@link #stage}: a temporary file that a writer fills over many calls and commits at the end
 *       ({@code weights.TorchSaveWriter} streams one tensor at a time);
 *   <li>{@link #commit}: a temporary file with a name of its own, kept on purpose between runs (a
 *       download's resumable {@code .part});
 *   <li>{@link #writeFolder}: a whole folder tree (an extracted archive, a generated dataset).
 * </ul>
 */
public final class AtomicFiles {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes the content of one file or folder, given the temporary path to write it to. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code tmp} (a file, or an empty folder for folders). */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Writes {@code target} through {@code content}, creating its folder if needed.
     *
     * @return {@code target}
     * @throws IOException from the write or the rename; {@code target} is then unchanged
     */
    public static Path write(Path target, Content content) throws IOException {
        try (Staged staged = stage(target)) {
            content.writeTo(staged.path());
            return staged.commit();
        }
    }

    /**
     * Deletes the temporary files that earlier writes of {@code target} left beside it when their
     * JVM was killed between writing and renaming ({@code <name><digits>.tmp}, as {@link #stage}
     * names them); a complete one would otherwise read as a valid file when opened by name, and
     * each can be as large as the target. Call it after a write of {@code target} succeeded.
     *
     * @return how many files were deleted
     * @throws IOException if the folder cannot be listed or a file cannot be deleted
     */
    public static int removeStaleTemps(Path target) throws IOException {
        Path dir = folderOf(target);
        String prefix = target.getFileName().toString();
        int removed = 0;
        try (var entries = Files.newDirectoryStream(dir, prefix + "*" + TEMP_SUFFIX)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String middle =
                        name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length());
                if (!middle.isEmpty()
                        && middle.chars().allMatch(Character::isDigit)
                        && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * A temporary file beside {@code target} (its folder is created) for a writer that produces the
     * content over many calls. {@link Staged#commit()} moves it into place; closing it without a
     * commit deletes it, so use it in try-with-resources.
     */
    public static Staged stage(Path target) throws IOException {
        Path dir = folderOf(target);
        Files.createDirectories(dir);
        // Same folder as the target: a rename across file systems could not be atomic.
        return new Staged(target, createBeside(target, Kind.FILE));
    }

    /**
     * Moves a complete {@code part} file to {@code target}, replacing any file there: flushes it to
     * disk first, so that after a power loss the target holds the whole content rather than a
     * renamed empty file, then renames it atomically. On a file system without atomic renames (some
     * network and FUSE mounts) it falls back to a plain replacing move.
     *
     * @return {@code target}
     */
    public static Path commit(Path part, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        move(part, target);
        syncFolder(folderOf(target));
        return target;
    }

    /**
     * Writes the folder {@code target} through {@code content}, which fills an empty temporary
     * folder beside it; the folder is renamed into place only when {@code content} returns, and any
     * earlier folder of that name is replaced. If {@code content} throws, the earlier folder is
     * untouched and the temporary one is deleted.
     *
     * <p>Files inside the folder are not flushed one by one: a folder is always re-creatable (from
     * a kept archive, or generated), and the rename is there for interrupted writes, which leave
     * the files in the OS cache in any case.
     *
     * @return {@code target}
     */
    public static Path writeFolder(Path target, Content content) throws IOException {
        Path parent = folderOf(target);
        Files.createDirectories(parent);
        Path tmp = createBeside(target, Kind.FOLDER);
        try {
            content.writeTo(tmp);
            // rename(2) cannot replace a non-empty folder: the old one goes first, so an
            // interruption here leaves no folder (which every reader reports as missing), never a
            // mix of old and new files.
            deleteTree(target);
            move(tmp, target);
            syncFolder(parent);
            return target;
        } finally {
            deleteTree(tmp);
        }
    }

    private enum Kind {
        FILE,
        FOLDER
    }

    /**
     * A new, uniquely named file or folder beside {@code target}, with the permissions any file
     * this process creates gets (its umask). Not {@code Files.createTempFile}: that makes files
     * only their owner can read (0600, folders 0700), and the rename would carry those permissions
     * to the target, so a dataset a teacher generates or a decision the course caches for every
     * user on a shared machine would be unreadable to the students it is for.
     */
    private static Path createBeside(Path target, Kind kind) throws IOException {
        Path dir = folderOf(target);
        String name = target.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path tmp =
                    dir.resolve(
                            name
                                    + "."
                                    + Long.toUnsignedString(RANDOM.nextLong(), 36)
                                    + TEMP_SUFFIX);
            try {
                return kind == Kind.FILE ? Files.createFile(tmp) : Files.createDirectory(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Deletes a file, or a folder with everything in it; nothing happens if it is absent. */
    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(path)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            Files.delete(p);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Flushes a folder's entries (the rename itself) to disk where the platform allows it: Linux
     * and macOS do; Windows cannot open a folder as a channel and journals renames itself.
     */
    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort: the rename has happened; only its durability across a crash is weaker.
        }
    }

    private static Path folderOf(Path target) {
        return target.toAbsolutePath().getParent();
    }

    /**
     * A temporary file that becomes {@link #target()} on {@link #commit()}, or disappears on {@link
     * #close()} without one.
     */
    public static final class Staged implements Closeable {
        private final Path target;
        private final Path path;
        private boolean committed;

        private Staged(Path target, Path path) {
            this.target = target;
            this.path = path;
        }

        /** Where to write the content. */
        public Path path() {
            return path;
        }

        /** The name the content gets on {@link #commit()}. */
        public Path target() {
            return target;
        }

        /**
         * Moves the finished content into place (see {@link AtomicFiles#commit}); the caller must
         * have closed every stream on {@link #path()}.
         *
         * @return the target
         * @throws IllegalStateException if already committed
         */
        public Path commit() throws IOException {
            if (committed) {
                throw new IllegalStateException(target + " is already written");
            }
            AtomicFiles.commit(path, target);
            committed = true;
            return target;
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(path);
            }
        }
    }
}
