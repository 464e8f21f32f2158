package io.github.resnetcourse.kit.features;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import io.github.resnetcourse.kit.fetch.Sizes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a feature cache: a fixed header, then {@code views × rows × dim} float32
 * values, little-endian, view after view and row after row within a view. The header holds the
 * cache key (a SHA-256 over the weights, the pipeline and the data), the layout and a CRC-32C of
 * the values, so a file from another model or data, a truncated file and flipped bytes are all told
 * apart from a good one. Files are written through {@link AtomicFiles}: a name only ever holds a
 * complete file.
 */
final class FeatureFile {
    private static final byte[] MAGIC = "RCFEAT01".getBytes(StandardCharsets.US_ASCII);

    /** Bytes before the first value. */
    static final int HEADER = 128;

    private FeatureFile() {}

    /** How many views, rows per view and values per row a file holds. */
    record Layout(int views, long rows, int dim) {
        long values() {
            return views * rows * dim;
        }

        long payloadBytes() {
            return values() * Float.BYTES;
        }

        @Override
        public String toString() {
            return views + " view(s) × " + rows + " images × " + dim + " features";
        }
    }

    /** A cache file that exists but cannot be used; the message names the file and says why. */
    static final class DamagedException extends IOException {
        DamagedException(Path file, String why) {
            super("Feature cache " + file + " " + why);
        }
    }

    /** Streams the values of a new file, in order, and moves it into place on {@link #commit}. */
    static final class Writer implements Closeable {
        private final AtomicFiles.Staged staged;
        private final FileChannel channel;
        private final byte[] key;
        private final Layout layout;
        private final CRC32C crc = new CRC32C();
        private long written;

        Writer(Path target, byte[] key, Layout layout) throws IOException {
            this.staged = AtomicFiles.stage(target);
            this.channel = FileChannel.open(staged.path(), StandardOpenOption.WRITE);
            this.key = key.clone();
            this.layout = layout;
            channel.position(HEADER);
        }

        /** Appends {@code count} values of {@code values} from {@code offset}. */
        void append(float[] values, int offset, int count) throws IOException {
            if (written + count > layout.values()) {
                throw new IllegalStateException(
                        "More features than the layout " + layout + " holds");
            }
            ByteBuffer bytes =
                    ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values, offset, count);
            crc.update(bytes.duplicate());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            written += count;
        }

        /** Writes the header and renames the file into place. */
        Path commit() throws IOException {
            if (written != layout.values()) {
                throw new IllegalStateException(
                        "Feature file incomplete: " + written + " of " + layout.values());
            }
            ByteBuffer header = header(key, layout, crc.getValue());
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.close();
            Path target = staged.commit();
            AtomicFiles.removeStaleTemps(target);
            return target;
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                staged.close();
            }
        }
    }

    private static ByteBuffer header(byte[] key, Layout layout, long crc) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).put(key).putInt(layout.views()).putLong(layout.rows()).putInt(layout.dim());
        h.putLong(crc);
        h.position(0);
        return h;
    }

    /**
     * Opens {@code file}, checks that it holds {@code key} and {@code layout} and that its values
     * match their checksum, and returns them in memory when they fit {@code memoryLimit} bytes,
     * else memory-mapped.
     *
     * @throws DamagedException naming the file when it is short, long, of another key or layout, or
     *     its values do not match their checksum
     */
    static FeatureStore open(Path file, byte[] key, Layout layout, long memoryLimit)
            throws IOException {
        long size = Files.size(file);
        long expected = HEADER + layout.payloadBytes();
        if (size != expected) {
            throw new DamagedException(
                    file,
                    "has "
                            + size
                            + " bytes where "
                            + layout
                            + " needs "
                            + expected
                            + (size < expected ? " (truncated)" : ""));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && channel.read(h, h.position()) >= 0) {
                // read the whole header
            }
            h.flip();
            byte[] magic = new byte[MAGIC.length];
            byte[] storedKey = new byte[key.length];
            h.get(magic).get(storedKey);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DamagedException(file, "is not a feature cache file (bad magic bytes)");
            }
            if (!Arrays.equals(storedKey, key)) {
                throw new DamagedException(
                        file,
                        "holds the features of key "
                                + HexFormat.of().formatHex(storedKey)
                                + ", not "
                                + HexFormat.of().formatHex(key));
            }
            Layout stored = new Layout(h.getInt(), h.getLong(), h.getInt());
            if (!stored.equals(layout)) {
                throw new DamagedException(
                        file, "holds " + stored + " where " + layout + " was expected");
            }
            long crc = h.getLong();
            FeatureStore store =
                    layout.payloadBytes() <= memoryLimit
                            ? FeatureStore.inMemory(file, channel, layout)
                            : FeatureStore.mapped(file, channel, layout);
            if (store.checksum() != crc) {
                throw new DamagedException(
                        file,
                        "is damaged: its "
                                + Sizes.human(layout.payloadBytes())
                                + " of features do not match their checksum");
            }
            return store;
        }
    }
}
