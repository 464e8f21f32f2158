package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The byte layout of a checkpoint file, apart from what the bytes mean ({@link Checkpoint}).
 * Version 4, keyed by part:
 *
 * <pre>
 * UTF    magic             "resnet-course checkpoint v4"
 * int n, n bytes           UTF-8 JSON object: part name → that part's settings
 * int A, A x (UTF part, UTF name, UTF key, int n, n bytes)   arrays, DJL's NDArray encoding
 * UTF    "end"                                               trailer
 * </pre>
 *
 * An array belongs to a part ({@code model}, {@code optimizer}, {@code early_stopping/0}, ...), is
 * named by its parameter and, where one parameter has several (an optimizer's {@code exp_avg} and
 * {@code exp_avg_sq}), keyed; the key is empty otherwise.
 *
 * <p>Earlier kits wrote one flat JSON object and fixed sections; {@link LegacyCheckpoint} reads
 * them into the same parts:
 *
 * <pre>
 * UTF    magic             "resnet-course checkpoint v1" | "... v2" | "... v3"
 * int n, n bytes           settings and progress, UTF-8 JSON (one flat object)
 * int P, P x (UTF name, int n, n bytes)                 weights               → part "model"
 * int S, S x (UTF name, UTF state, int n, n bytes)      optimizer state (v2+) → part "optimizer"
 * int X, X x (UTF owner, UTF name, int n, n bytes)      callbacks' arrays (v3)→ part = owner
 * UTF    "end"                                          trailer (v2 on)
 * </pre>
 *
 * Strings are Java's modified UTF-8 ({@link DataOutputStream#writeUTF}), numbers big-endian. Every
 * section is counted and the file ends with a trailer, so a file cut short anywhere is detected.
 */
final class CheckpointFile {
    static final int VERSION = 4;
    private static final String MAGIC_PREFIX = "resnet-course checkpoint v";
    private static final String TRAILER = "end";

    /** One stored array: its part, its parameter's name, and a key ("" when the name is enough). */
    record Entry(String part, String name, String key, byte[] bytes) {}

    /** What the reader hands back. */
    interface EntryConsumer {
        void accept(Entry entry) throws IOException;
    }

    /** The file's version and its settings JSON (v4: keyed by part; earlier: one flat object). */
    record Header(int version, String json) {}

    private CheckpointFile() {}

    /** Writes a file of the current {@link #VERSION} atomically. */
    static void write(Path file, String partsJson, List<Entry> arrays) {
        try {
            AtomicFiles.write(
                    file,
                    tmp -> {
                        try (DataOutputStream out =
                                new DataOutputStream(
                                        new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                            out.writeUTF(MAGIC_PREFIX + VERSION);
                            writeBytes(out, partsJson.getBytes(StandardCharsets.UTF_8));
                            out.writeInt(arrays.size());
                            for (Entry e : arrays) {
                                out.writeUTF(e.part());
                                out.writeUTF(e.name());
                                out.writeUTF(e.key());
                                writeBytes(out, e.bytes());
                            }
                            out.writeUTF(TRAILER);
                        }
                    });
            // Temporary files of saves whose JVM was killed before the rename (up to a model's
            // size each) go now that a complete file is in place.
            AtomicFiles.removeStaleTemps(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint " + file + ": " + e, e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads the header and checks that the rest of the file is complete, skipping the arrays. */
    static Header check(Path file) {
        return scan(file, part -> false, e -> {});
    }

    /**
     * Reads the whole file once, handing the arrays of the parts {@code wanted} accepts to {@code
     * consumer} and skipping the others, and returns the header. A file that is missing, of another
     * kind, cut short or corrupt fails with an exception naming the file and what to do.
     */
    static Header scan(Path file, Predicate<String> wanted, EntryConsumer consumer) {
        try (DataInputStream in = open(file)) {
            int version = version(in);
            String json = new String(readBytes(in, "settings"), StandardCharsets.UTF_8);
            if (version < 4) {
                LegacyCheckpoint.scanArrays(in, version, wanted, consumer);
            } else {
                int arrays = count(in, "arrays");
                for (int i = 0; i < arrays; i++) {
                    String part = in.readUTF();
                    String name = in.readUTF();
                    String key = in.readUTF();
                    readEntry(in, part, name, key, wanted.test(part), consumer);
                }
            }
            if (version >= 2 && !TRAILER.equals(in.readUTF())) {
                throw new IOException("corrupt: no end marker after the arrays");
            }
            return new Header(version, json);
        } catch (EOFException e) {
            throw new UncheckedIOException(
                    "The checkpoint "
                            + file
                            + " is cut short (truncated): it was not copied or written completely."
                            + " Use another checkpoint or train again.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one array, or skips its bytes when it is not {@code kept}. */
    static void readEntry(
            DataInputStream in,
            String part,
            String name,
            String key,
            boolean keep,
            EntryConsumer consumer)
            throws IOException {
        if (keep) {
            consumer.accept(new Entry(part, name, key, readBytes(in, name)));
        } else {
            in.skipNBytes(length(in, name));
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "no such file; train with SaveBestModel.to(path) to create it first");
        }
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
    }

    private static int version(DataInputStream in) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            throw new IOException("not a course checkpoint (unreadable header)", e);
        }
        for (int v = 1; v <= VERSION; v++) {
            if (magic.equals(MAGIC_PREFIX + v)) {
                return v;
            }
        }
        if (magic.startsWith(MAGIC_PREFIX)) {
            throw new IOException(
                    "written by a newer kit ('"
                            + magic
                            + "'); this kit reads versions 1 to "
                            + VERSION
                            + " — update the course kit");
        }
        throw new IOException("not a course checkpoint (header '" + magic + "')");
    }

    private static byte[] readBytes(DataInputStream in, String what) throws IOException {
        int n = length(in, what);
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException(what + " cut short");
        }
        return bytes;
    }

    private static int length(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt: negative length " + n + " for " + what);
        }
        return n;
    }

    /** A section's count, checked. */
    static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt: negative count " + n + " of " + what);
        }
        return n;
    }
}
