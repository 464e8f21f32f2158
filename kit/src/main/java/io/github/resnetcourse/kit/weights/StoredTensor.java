package io.github.resnetcourse.kit.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor read from a weight file: element type, shape and the values, independent of any
 * engine. Values are kept as stored (a storage, an offset and strides, as PyTorch keeps them) and
 * turned into a dense row-major {@code float[]} on request.
 */
public final class StoredTensor {
    /** Element types found in weight files. */
    public enum ElementType {
        /** float32. */
        FLOAT32(4),
        /** float64. */
        FLOAT64(8),
        /** IEEE half. */
        FLOAT16(2),
        /** bfloat16. */
        BFLOAT16(2),
        /** int64 (e.g. {@code num_batches_tracked}). */
        INT64(8),
        /** int32. */
        INT32(4),
        /** int16. */
        INT16(2),
        /** int8. */
        INT8(1),
        /** uint8. */
        UINT8(1),
        /** bool. */
        BOOL(1);

        private final int bytes;

        ElementType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    private final ElementType type;
    private final long[] shape;
    private final ByteBuffer storage;
    private final long offset;
    private final long[] strides;

    /**
     * A tensor viewing {@code storage} (little-endian) from element {@code offset} with {@code
     * strides} (in elements).
     */
    StoredTensor(ElementType type, long[] shape, ByteBuffer storage, long offset, long[] strides) {
        this.type = type;
        this.shape = shape.clone();
        this.storage = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.offset = offset;
        this.strides = strides.clone();
    }

    /** A dense row-major float32 tensor. */
    public static StoredTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new StoredTensor(ElementType.FLOAT32, shape, b, 0, contiguousStrides(shape));
    }

    static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    /**
     * The same values seen with axes reordered: axis {@code i} of the result is axis {@code
     * axes[i]} of this tensor (numpy's {@code transpose(axes)}); no data is copied.
     */
    public StoredTensor permute(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException(
                    "permute needs " + shape.length + " axes, got " + axes.length);
        }
        long[] s = new long[axes.length];
        long[] st = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            s[i] = shape[axes[i]];
            st[i] = strides[axes[i]];
        }
        return new StoredTensor(type, s, storage, offset, st);
    }

    /** The element type. */
    public ElementType type() {
        return type;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The values in row-major order, converted to float. */
    public float[] toFloatArray() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        long[] index = new long[shape.length];
        for (int i = 0; i < n; i++) {
            long element = offset;
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * strides[d];
            }
            out[i] = read(element);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    private float read(long element) {
        int at = Math.toIntExact(element * type.bytes);
        return switch (type) {
            case FLOAT32 -> storage.getFloat(at);
            case FLOAT64 -> (float) storage.getDouble(at);
            case FLOAT16 -> halfToFloat(storage.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((storage.getShort(at) & 0xffff) << 16);
            case INT64 -> storage.getLong(at);
            case INT32 -> storage.getInt(at);
            case INT16 -> storage.getShort(at);
            case INT8 -> storage.get(at);
            case UINT8, BOOL -> storage.get(at) & 0xff;
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
