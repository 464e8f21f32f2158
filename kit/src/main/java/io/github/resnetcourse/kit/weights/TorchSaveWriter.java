package io.github.resnetcourse.kit.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code state_dict} in the zip format of {@code torch.save} (PyTorch ≥ 1.6), in plain
 * Java: {@code <archive>/data.pkl} (pickle protocol 2: a {@code collections.OrderedDict} of {@code
 * torch._utils._rebuild_tensor_v2} calls whose storages are persistent ids {@code ('storage',
 * torch.FloatStorage, key, 'cpu', numel)}), one little-endian {@code <archive>/data/<key>} entry
 * per storage, {@code <archive>/byteorder} and {@code <archive>/version}. Entries are stored
 * uncompressed with each storage's data aligned to 64 bytes by an {@code FB} extra field, as
 * PyTorch's {@code PyTorchStreamWriter} does (PyTorch ≥ 2.1 needs it to {@code mmap} a file).
 *
 * <p>Storages are streamed to disk as they are added, so a 244 MB AlexNet never sits in memory
 * twice; the pickle, which only names them, is written at {@link #commit()}. The file appears under
 * its name only then (staged beside it and renamed by {@link AtomicFiles}), so a crash never leaves
 * a half-written checkpoint behind.
 *
 * <pre>{@code
 * try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
 *     w.putFloats("fc.weight", new long[] {10, 512}, values);
 *     w.putLong("bn1.num_batches_tracked", 0);
 *     w.commit();
 * }
 * }</pre>
 */
public final class TorchSaveWriter implements Closeable {
    /** PyTorch's {@code kFieldAlignment}: storage data starts at a multiple of this offset. */
    private static final int ALIGNMENT = 64;

    /** The {@code version} record {@code torch.save} writes for this layout. */
    private static final String FORMAT_VERSION = "3\n";

    /** A zip local file header's fixed part, before the name and the extra field. */
    private static final int LOCAL_HEADER_SIZE = 30;

    private final Path file;
    private final AtomicFiles.Staged staged;
    private final String archive;
    private final CountingStream counter;
    private final ZipOutputStream zip;
    private final PickleWriter pickle = new PickleWriter();
    private final Set<String> names = new LinkedHashSet<>();
    private int storages;
    private boolean committed;

    private TorchSaveWriter(Path file) throws IOException {
        this.file = file;
        this.staged = AtomicFiles.stage(file);
        String stem = file.getFileName().toString();
        // torch names the archive folder after the file without its extension.
        int dot = stem.lastIndexOf('.');
        this.archive = (dot > 0 ? stem.substring(0, dot) : stem) + "/";
        this.counter = new CountingStream(Files.newOutputStream(staged.path()));
        this.zip = new ZipOutputStream(counter);
        pickle.beginOrderedDict();
    }

    /** A writer for {@code file}; nothing appears there until {@link #commit()}. */
    public static TorchSaveWriter create(Path file) throws IOException {
        return new TorchSaveWriter(file);
    }

    /**
     * Adds a float32 tensor of {@code shape} with {@code values} in row-major order.
     *
     * @throws IllegalArgumentException if the name repeats or the value count does not fit the
     *     shape
     */
    public TorchSaveWriter putFloats(String name, long[] shape, float[] values) throws IOException {
        long numel = numel(shape);
        if (numel != values.length) {
            throw new IllegalArgumentException(
                    name
                            + ": shape "
                            + Arrays.toString(shape)
                            + " holds "
                            + numel
                            + " values, "
                            + values.length
                            + " given");
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return put(name, "FloatStorage", shape, numel, bytes.array());
    }

    /** Adds a float32 {@link NDArray} under {@code name} (its shape and values). */
    public TorchSaveWriter put(String name, NDArray array) throws IOException {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    name + " is " + array.getDataType() + "; only float32 arrays are written");
        }
        return putFloats(name, array.getShape().getShape(), array.toFloatArray());
    }

    /** Adds a 0-dimensional int64 tensor, such as batch norm's {@code num_batches_tracked}. */
    public TorchSaveWriter putLong(String name, long value) throws IOException {
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return put(name, "LongStorage", new long[0], 1, bytes);
    }

    private TorchSaveWriter put(
            String name, String storageClass, long[] shape, long numel, byte[] data)
            throws IOException {
        if (committed) {
            throw new IllegalStateException(file + " is already written");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException(name + " is already in " + file);
        }
        String key = Integer.toString(storages++);
        writeStored(archive + "data/" + key, data, true);
        pickle.tensor(name, storageClass, key, numel, shape);
        return this;
    }

    /** Writes the pickle and the version records, closes the zip and moves it into place. */
    public Path commit() throws IOException {
        if (committed) {
            throw new IllegalStateException(file + " is already written");
        }
        writeStored(archive + "data.pkl", pickle.finish(), false);
        writeStored(archive + "byteorder", "little".getBytes(StandardCharsets.US_ASCII), false);
        writeStored(archive + "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII), false);
        zip.close();
        // Marked only once in place: if the rename fails, close() still deletes the temporary file.
        staged.commit();
        committed = true;
        return file;
    }

    /** Removes the temporary file unless {@link #commit()} has moved it into place. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                zip.close();
            } finally {
                staged.close();
            }
        }
    }

    private void writeStored(String name, byte[] data, boolean aligned) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        // A fixed time keeps files byte-identical for the same tensors (torch writes none).
        e.setTime(946684800000L);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (aligned) {
            e.setExtra(padding(counter.count + LOCAL_HEADER_SIZE + nameBytes.length));
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * The {@code FB} extra field that pads the data start to {@link #ALIGNMENT}, sized the way
     * {@code PyTorchStreamWriter} sizes it ({@code start} counts the extra field's own header).
     */
    static byte[] padding(long headerEnd) {
        long start = headerEnd + 4;
        int pad = (int) (ALIGNMENT - start % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >>> 8);
        Arrays.fill(extra, 4, extra.length, (byte) 'Z');
        return extra;
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    /** Counts bytes so the next local header's offset, and so the padding, is known. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The opcodes Python's pickler (protocol 2) emits for a state_dict, without memoisation. */
    private static final class PickleWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void beginOrderedDict() {
            out.write(0x80); // PROTO 2
            out.write(2);
            global("collections", "OrderedDict");
            out.write(')'); // EMPTY_TUPLE
            out.write('R'); // REDUCE
            out.write('('); // MARK for SETITEMS
        }

        /** {@code name: _rebuild_tensor_v2(storage, 0, shape, strides, False, OrderedDict())}. */
        void tensor(String name, String storageClass, String key, long numel, long[] shape) {
            string(name);
            global("torch._utils", "_rebuild_tensor_v2");
            out.write('(');
            out.write('(');
            string("storage");
            global("torch", storageClass);
            string(key);
            string("cpu");
            integer(numel);
            out.write('t');
            out.write('Q'); // BINPERSID
            integer(0);
            tuple(shape);
            tuple(StoredTensor.contiguousStrides(shape));
            out.write(0x89); // NEWFALSE: requires_grad
            global("collections", "OrderedDict");
            out.write(')');
            out.write('R');
            out.write('t');
            out.write('R');
        }

        byte[] finish() {
            out.write('u'); // SETITEMS
            out.write('.'); // STOP
            return out.toByteArray();
        }

        private void global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write('X'); // BINUNICODE
            out.writeBytes(
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
        }

        private void integer(long v) {
            if (v >= 0 && v <= 0xff) {
                out.write('K');
                out.write((int) v);
            } else if (v >= 0 && v <= 0xffff) {
                out.write('M');
                out.write((int) v);
                out.write((int) (v >>> 8));
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write('J');
                out.writeBytes(
                        ByteBuffer.allocate(4)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putInt((int) v)
                                .array());
            } else {
                out.write(0x8a); // LONG1
                out.write(8);
                out.writeBytes(
                        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            }
        }

        private void tuple(long[] values) {
            if (values.length > 3) {
                out.write('(');
            }
            for (long v : values) {
                integer(v);
            }
            out.write(
                    switch (values.length) {
                        case 0 -> ')';
                        case 1 -> 0x85;
                        case 2 -> 0x86;
                        case 3 -> 0x87;
                        default -> 't';
                    });
        }
    }
}
