package io.github.resnetcourse.kit.weights;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Keras weights file in the HDF5 layout of {@code model.save_weights(...h5)} and of the
 * published {@code keras-applications} files: the root attribute {@code layer_names}, one group per
 * layer with the attribute {@code weight_names} ({@code conv1_conv/kernel:0} …), and one dataset
 * per weight. Tensors keep Keras' layout (convolution kernels HWIO, dense kernels in×out).
 */
public final class KerasH5 {
    private KerasH5() {}

    /**
     * Every weight in {@code file}, keyed {@code layer/weight} without the {@code :0} suffix (e.g.
     * {@code conv2_block1_preact_bn/gamma}).
     *
     * @throws WeightFormatException if the file is missing, truncated or not a Keras weights file
     */
    public static Map<String, StoredTensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFormatException(
                    file + " does not exist (see ./course weights status for how to fetch it)");
        }
        checkComplete(file);
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        try (HdfFile hdf = new HdfFile(file)) {
            Group root = hdf;
            if (root.getAttribute("layer_names") == null
                    && root.getChild("model_weights") != null) {
                root = (Group) root.getChild("model_weights"); // a full-model .h5
            }
            Attribute layerNames = root.getAttribute("layer_names");
            if (layerNames == null) {
                throw new WeightFormatException(
                        file
                                + " has no 'layer_names' attribute: not a Keras (tf.keras 2) weights file");
            }
            for (String layer : strings(layerNames.getData())) {
                Node node = root.getChild(layer);
                if (!(node instanceof Group group)) {
                    throw new WeightFormatException(
                            file + ": layer group '" + layer + "' is missing");
                }
                Attribute weightNames = group.getAttribute("weight_names");
                if (weightNames == null || isEmpty(weightNames.getData())) {
                    // Keras writes an empty float array for a layer without weights (input,
                    // padding, activation, pooling); the HDF5 reader may give it as null.
                    continue;
                }
                for (String weight : strings(weightNames.getData())) {
                    Node d = group.getByPath(weight);
                    if (!(d instanceof Dataset ds)) {
                        throw new WeightFormatException(
                                file + ": weight '" + layer + "/" + weight + "' is missing");
                    }
                    out.put(key(layer, weight), toTensor(ds, file));
                }
            }
        } catch (WeightFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WeightFormatException(
                    file
                            + " cannot be read as HDF5 ("
                            + e.getMessage()
                            + "); the file is probably truncated — delete it and fetch it again",
                    e);
        }
        return out;
    }

    /**
     * Compares the end-of-file address recorded in the HDF5 superblock with the file's size: a
     * download cut short would otherwise read as zeros where the tensors should be.
     */
    static void checkComplete(Path file) {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            if (head.remaining() < 16 || head.getLong(0) != HDF5_SIGNATURE) {
                throw new WeightFormatException(
                        file
                                + " is not an HDF5 file (no HDF5 signature): not a Keras .h5 weights"
                                + " file, or a damaged download — delete it and fetch it again");
            }
            int version = head.get(8);
            long eof;
            if (version <= 1) {
                int sizeOfOffsets = head.get(13);
                int at = 24 + (version == 1 ? 4 : 0) + 2 * sizeOfOffsets;
                eof = readOffset(head, at, sizeOfOffsets);
            } else {
                int sizeOfOffsets = head.get(9);
                eof = readOffset(head, 12 + 2 * sizeOfOffsets, sizeOfOffsets);
            }
            long size = ch.size();
            if (size < eof) {
                throw new WeightFormatException(
                        file
                                + " is truncated: "
                                + size
                                + " bytes of "
                                + eof
                                + " — delete it and fetch it again");
            }
        } catch (java.io.IOException e) {
            throw new WeightFormatException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static final long HDF5_SIGNATURE = 0x0a1a0a0d46444889L; // "\x89HDF\r\n\x1a\n" LE

    private static long readOffset(ByteBuffer b, int at, int size) {
        return size == 8 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
    }

    private static String key(String layer, String weight) {
        String w = weight.substring(weight.lastIndexOf('/') + 1);
        int colon = w.indexOf(':');
        return layer + "/" + (colon < 0 ? w : w.substring(0, colon));
    }

    private static StoredTensor toTensor(Dataset ds, Path file) {
        int[] dims = ds.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        Object flat = ds.getDataFlat();
        if (flat instanceof float[] f) {
            return StoredTensor.ofFloats(shape, f);
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return StoredTensor.ofFloats(shape, f);
        }
        throw new WeightFormatException(
                file + ": dataset " + ds.getPath() + " holds " + ds.getJavaType() + ", not floats");
    }

    private static boolean isEmpty(Object data) {
        return data == null
                || (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0);
    }

    private static String[] strings(Object data) {
        if (data instanceof String[] s) {
            return s;
        }
        if (data instanceof String s) {
            return new String[] {s};
        }
        throw new WeightFormatException("expected a list of names, found " + data);
    }
}
