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
import java.util.EnumSet;
import java.util.List;

/**
 * The byte layout of a checkpoint file, apart from what the bytes mean ({@link Checkpoint}).
 *
 * <pre>
 * UTF    magic             "resnet-course checkpoint v3" (earlier: "... v1", "... v2")
 * int n, n bytes           settings and progress, UTF-8 JSON
 * int P, P x (UTF name, int n, n bytes)                 weights, DJL's NDArray encoding
 * int S, S x (UTF name, UTF state, int n, n bytes)      optimizer state           (v2 on)
 * int X, X x (UTF owner, UTF name, int n, n bytes)      callbacks' arrays         (v3 on)
 * UTF    "end"                                          trailer                   (v2 on)
 * </pre>
 *
 * Strings are Java's modified UTF-8 ({@link DataOutputStream#writeUTF}), numbers big-endian. Every
 * section is counted and the file ends with a trailer, so a file cut short anywhere is detected.
 */
final class CheckpointFile {
    static final int VERSION = 3;
    private static final String MAGIC_PREFIX = "resnet-course checkpoint v";
    private static final String TRAILER = "end";

    /**
     * One stored array of a parameter: its weights ({@code key} null), one optimizer state of it
     * ({@code key} the state's name, e.g. {@code exp_avg}) or a callback's copy of it ({@code key}
     * the owner, e.g. {@code early_stopping/0}).
     */
    record Entry(String parameter, String key, byte[] bytes) {}

    /** The groups of arrays in the file. */
    enum Section {
        WEIGHTS,
        OPTIMIZER_STATE,
        /** Arrays kept by callbacks, e.g. early stopping's best weights (v3 on). */
        CALLBACK_ARRAYS
    }

    /** What the reader hands back. */
    interface EntryConsumer {
        void accept(Entry entry) throws IOException;
    }

    private CheckpointFile() {}

    /** Writes a file of the current {@link #VERSION} atomically. */
    static void write(
            Path file,
            String json,
            List<Entry> weights,
            List<Entry> state,
            List<Entry> callbackArrays) {
        try {
            AtomicFiles.write(
                    file,
                    tmp -> {
                        try (DataOutputStream out =
                                new DataOutputStream(
                                        new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                            out.writeUTF(MAGIC_PREFIX + VERSION);
                            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                            out.writeInt(bytes.length);
                            out.write(bytes);
                            out.writeInt(weights.size());
                            for (Entry e : weights) {
                                out.writeUTF(e.parameter());
                                writeBytes(out, e.bytes());
                            }
                            out.writeInt(state.size());
                            for (Entry e : state) {
                                out.writeUTF(e.parameter());
                                out.writeUTF(e.key());
                                writeBytes(out, e.bytes());
                            }
                            out.writeInt(callbackArrays.size());
                            for (Entry e : callbackArrays) {
                                out.writeUTF(e.key());
                                out.writeUTF(e.parameter());
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

    /** The file's version and settings JSON; {@link #scan} checks the rest. */
    record Header(int version, String json) {}

    /** Reads the header and checks that the rest of the file is complete, skipping the arrays. */
    static Header check(Path file) {
        return scan(file, EnumSet.noneOf(Section.class), e -> {});
    }

    /**
     * Reads the whole file once, handing {@code wanted}'s arrays to {@code consumer} and skipping
     * the others, and returns the header. A file that is missing, of another kind, cut short or
     * corrupt fails with an exception naming the file and what to do.
     */
    static Header scan(Path file, Section wanted, EntryConsumer consumer) {
        return scan(file, EnumSet.of(wanted), consumer);
    }

    private static Header scan(Path file, EnumSet<Section> wanted, EntryConsumer consumer) {
        try (DataInputStream in = open(file)) {
            int version = version(in);
            String json = new String(readBytes(in, "settings"), StandardCharsets.UTF_8);
            int weights = count(in, "weights");
            for (int i = 0; i < weights; i++) {
                String name = in.readUTF();
                readEntry(in, name, null, wanted.contains(Section.WEIGHTS), consumer);
            }
            if (version >= 2) {
                int states = count(in, "optimizer state");
                for (int i = 0; i < states; i++) {
                    String name = in.readUTF();
                    String state = in.readUTF();
                    readEntry(in, name, state, wanted.contains(Section.OPTIMIZER_STATE), consumer);
                }
                if (version >= 3) {
                    int arrays = count(in, "callback arrays");
                    for (int i = 0; i < arrays; i++) {
                        String owner = in.readUTF();
                        String name = in.readUTF();
                        readEntry(
                                in,
                                name,
                                owner,
                                wanted.contains(Section.CALLBACK_ARRAYS),
                                consumer);
                    }
                }
                if (!TRAILER.equals(in.readUTF())) {
                    throw new IOException("corrupt: no end marker after the arrays");
                }
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

    private static void readEntry(
            DataInputStream in, String name, String key, boolean keep, EntryConsumer consumer)
            throws IOException {
        if (keep) {
            consumer.accept(new Entry(name, key, readBytes(in, name)));
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

    private static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt: negative count " + n + " of " + what);
        }
        return n;
    }
}
