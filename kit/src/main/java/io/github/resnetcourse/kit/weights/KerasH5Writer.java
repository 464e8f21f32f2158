package io.github.resnetcourse.kit.weights;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.message.GroupInfoMessage;
import io.jhdf.object.message.LinkInfoMessage;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes a weights file in the HDF5 layout Keras 2's {@code model.save_weights("….h5")} produces,
 * which is the layout of the published {@code keras-applications} files: root attributes {@code
 * layer_names} (every layer, weighted or not, in the model's order), {@code backend} and {@code
 * keras_version}; one group per layer whose attribute {@code weight_names} lists {@code
 * layer/weight:0}; each weight a float32 dataset at {@code layer/layer/weight:0}. {@link KerasH5}
 * reads it back like the real file, and Keras' own {@code load_weights} accepts it.
 *
 * <p>One difference, forced by the HDF5 library: a layer without weights gets no {@code
 * weight_names} attribute, where Keras writes an empty float array; Keras and {@link KerasH5} read
 * both as "no weights". The file appears atomically.
 */
public final class KerasH5Writer {
    /** What Keras 2 writes into {@code backend}. */
    static final String BACKEND = "tensorflow";

    /** The Keras version written into {@code keras_version} (that of the 2019 applications). */
    static final String KERAS_VERSION = "2.2.4";

    private KerasH5Writer() {}

    /** One weight of a layer: its short name ({@code kernel}), Keras-layout shape and values. */
    public record Weight(String name, long[] shape, float[] values) {
        /** Checks that the values fill the shape. */
        public Weight {
            Objects.requireNonNull(name, "name");
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(
                        name
                                + ": "
                                + values.length
                                + " values do not fill the shape "
                                + Arrays.toString(shape));
            }
        }
    }

    /** One layer of the file: its Keras name and its weights in Keras' order (none for many). */
    public record Layer(String name, List<Weight> weights) {
        /** Copies the list. */
        public Layer {
            Objects.requireNonNull(name, "name");
            weights = List.copyOf(weights);
        }
    }

    /** Writes {@code layers}, in this order, to {@code file}. */
    public static void write(Path file, List<Layer> layers) throws IOException {
        AtomicFiles.write(file, tmp -> writeTo(tmp, layers));
    }

    private static void writeTo(Path tmp, List<Layer> layers) throws IOException {
        byte[] stamp;
        try (WritableHdfFile hdf = HdfFile.write(tmp)) {
            // jHDF stamps its own name on the root; the Keras layout has none.
            stamp = ((String) hdf.getAttribute(JHDF_STAMP).getData()).getBytes(UTF_8);
            hdf.removeAttribute(JHDF_STAMP);
            hdf.putAttribute(
                    "layer_names", layers.stream().map(Layer::name).toArray(String[]::new));
            hdf.putAttribute("backend", BACKEND);
            hdf.putAttribute("keras_version", KERAS_VERSION);
            for (Layer layer : layers) {
                WritableGroup group = hdf.putGroup(layer.name());
                if (layer.weights().isEmpty()) {
                    continue;
                }
                group.putAttribute(
                        "weight_names",
                        layer.weights().stream()
                                .map(w -> layer.name() + "/" + w.name() + ":0")
                                .toArray(String[]::new));
                WritableGroup inner = group.putGroup(layer.name());
                for (Weight w : layer.weights()) {
                    inner.putDataset(w.name() + ":0", nested(w.values(), w.shape()));
                }
            }
        }
        repairStampedHeader(tmp, stamp);
    }

    private static final String JHDF_STAMP = "_jHDF";

    /**
     * Undoes a jHDF (0.9.4, still in 0.11) writing bug. After the tree, jHDF writes its version
     * stamp at the file channel's current position, which is the end of the last dataset's data;
     * when the header of an empty group (a layer without weights) was written there afterwards, the
     * stamp overwrites its first bytes and HDF5 readers fail on that group. The header of an empty
     * group holds no names or addresses, so it is written again, byte for byte as jHDF makes it,
     * after checking that the bytes behind the stamp are the rest of exactly that header.
     */
    static void repairStampedHeader(Path file, byte[] stamp) throws IOException {
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 1 << 20);
            ByteBuffer end = ByteBuffer.allocate(tail);
            ch.read(end, size - tail);
            int at = lastIndexOf(end.array(), stamp);
            if (at < 0) {
                throw new IOException(file + ": jHDF's stamp is not where jHDF writes it");
            }
            long position = size - tail + at;
            if (position + stamp.length == size) {
                return; // written after the last dataset, at the end: nothing overwritten
            }
            ByteBuffer header =
                    new ObjectHeader.ObjectHeaderV2(
                                    position,
                                    List.of(
                                            GroupInfoMessage.createBasic(),
                                            LinkInfoMessage.createBasic()))
                            .toBuffer();
            byte[] expected = new byte[header.remaining()];
            header.get(expected);
            byte[] found = Arrays.copyOfRange(end.array(), at, at + expected.length);
            if (at + expected.length > tail
                    || !Arrays.equals(
                            expected,
                            stamp.length,
                            expected.length,
                            found,
                            stamp.length,
                            expected.length)) {
                throw new IOException(
                        file + ": jHDF's stamp overwrote something other than an empty group");
            }
            ch.write(ByteBuffer.wrap(expected), position);
        }
    }

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        for (int i = data.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    /** A Java multi-dimensional array of {@code shape} holding {@code flat} in C order. */
    private static Object nested(float[] flat, long[] shape) {
        if (shape.length == 1) {
            return flat;
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Object out = Array.newInstance(float.class, dims);
        fill(out, dims, 0, flat, new int[] {0});
        return out;
    }

    private static void fill(Object array, int[] dims, int depth, float[] flat, int[] at) {
        if (depth == dims.length - 1) {
            float[] row = (float[]) array;
            System.arraycopy(flat, at[0], row, 0, row.length);
            at[0] += row.length;
            return;
        }
        for (int i = 0; i < dims[depth]; i++) {
            fill(Array.get(array, i), dims, depth + 1, flat, at);
        }
    }
}
