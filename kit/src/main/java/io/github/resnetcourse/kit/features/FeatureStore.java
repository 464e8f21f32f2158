package io.github.resnetcourse.kit.features;

import io.github.resnetcourse.kit.fetch.Sizes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The cached features of one split, row by row: on the Java heap when they fit the cache's memory
 * limit, else read from the memory-mapped file, so the data set need not fit in memory (the
 * operating system pages in what an epoch reads). Rows are numbered view-major: row {@code v × rows
 * + i} is view {@code v} of image {@code i}. Read-only and safe for concurrent readers.
 */
abstract class FeatureStore {
    /** Mapped chunks stay below 1 GiB (a buffer is indexed by int) and hold whole rows. */
    private static final long CHUNK_BYTES = 1L << 30;

    private final FeatureFile.Layout layout;
    private final long checksum;

    private FeatureStore(FeatureFile.Layout layout, long checksum) {
        this.layout = layout;
        this.checksum = checksum;
    }

    /** The layout of the values. */
    FeatureFile.Layout layout() {
        return layout;
    }

    /** CRC-32C of the values as stored. */
    long checksum() {
        return checksum;
    }

    /** Copies row {@code row} (view-major) into {@code dst}, which has {@code dim} values. */
    abstract void read(long row, float[] dst);

    /** Where the values live, for the notebook's line. */
    abstract String where();

    /** Reads every value of {@code file} onto the heap. */
    static FeatureStore inMemory(Path file, FileChannel channel, FeatureFile.Layout layout)
            throws IOException {
        if (layout.values() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    layout + " is too large for one Java array; lower the memory limit.");
        }
        float[] values = new float[(int) layout.values()];
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        long position = FeatureFile.HEADER;
        int filled = 0;
        while (filled < values.length) {
            buf.clear();
            int want =
                    (int) Math.min(buf.capacity(), (long) (values.length - filled) * Float.BYTES);
            buf.limit(want);
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new FeatureFile.DamagedException(file, "ended early while reading");
                }
            }
            buf.flip();
            crc.update(buf.duplicate());
            buf.asFloatBuffer().get(values, filled, want / Float.BYTES);
            filled += want / Float.BYTES;
            position += want;
        }
        return new Heap(layout, crc.getValue(), values, file);
    }

    /** Maps the values of {@code file} (the mapping outlives the channel). */
    static FeatureStore mapped(Path file, FileChannel channel, FeatureFile.Layout layout)
            throws IOException {
        long rowBytes = (long) layout.dim() * Float.BYTES;
        long rowsPerChunk = Math.max(1, CHUNK_BYTES / rowBytes);
        long totalRows = layout.views() * layout.rows();
        List<MappedByteBuffer> chunks = new ArrayList<>();
        CRC32C crc = new CRC32C();
        for (long first = 0; first < totalRows; first += rowsPerChunk) {
            long n = Math.min(rowsPerChunk, totalRows - first);
            MappedByteBuffer chunk =
                    channel.map(
                            FileChannel.MapMode.READ_ONLY,
                            FeatureFile.HEADER + first * rowBytes,
                            n * rowBytes);
            chunk.order(ByteOrder.LITTLE_ENDIAN);
            crc.update(chunk.duplicate());
            chunks.add(chunk);
        }
        return new Mapped(layout, crc.getValue(), chunks, rowsPerChunk, file);
    }

    private static final class Heap extends FeatureStore {
        private final float[] values;
        private final Path file;

        Heap(FeatureFile.Layout layout, long checksum, float[] values, Path file) {
            super(layout, checksum);
            this.values = values;
            this.file = file;
        }

        @Override
        void read(long row, float[] dst) {
            int dim = layout().dim();
            System.arraycopy(values, Math.toIntExact(row * dim), dst, 0, dim);
        }

        @Override
        String where() {
            return "in memory (" + Sizes.human(layout().payloadBytes()) + ", from " + file + ")";
        }
    }

    private static final class Mapped extends FeatureStore {
        private final List<MappedByteBuffer> chunks;
        private final long rowsPerChunk;
        private final Path file;

        Mapped(
                FeatureFile.Layout layout,
                long checksum,
                List<MappedByteBuffer> chunks,
                long rowsPerChunk,
                Path file) {
            super(layout, checksum);
            this.chunks = chunks;
            this.rowsPerChunk = rowsPerChunk;
            this.file = file;
        }

        @Override
        void read(long row, float[] dst) {
            int dim = layout().dim();
            MappedByteBuffer chunk = chunks.get(Math.toIntExact(row / rowsPerChunk));
            int offset = Math.toIntExact((row % rowsPerChunk) * dim * Float.BYTES);
            // An absolute bulk read on a view: no shared position, so readers may run in parallel.
            chunk.slice(offset, dim * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(dst, 0, dim);
        }

        @Override
        String where() {
            return "memory-mapped from " + file + " (" + Sizes.human(layout().payloadBytes()) + ")";
        }
    }
}
