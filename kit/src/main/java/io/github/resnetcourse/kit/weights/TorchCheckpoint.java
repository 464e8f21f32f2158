package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.weights.StoredTensor.ElementType;
import io.github.resnetcourse.kit.weights.Unpickler.PyCallable;
import io.github.resnetcourse.kit.weights.Unpickler.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch {@code state_dict} saved with {@code torch.save} — the zip format of PyTorch ≥
 * 1.6 ({@code <name>/data.pkl} plus one {@code <name>/data/<key>} entry per storage) and the legacy
 * format before it (magic number, protocol, system info, the pickle, then the raw storages) — in
 * plain Java, without executing anything from the file.
 */
public final class TorchCheckpoint {
    /** {@code torch.serialization.MAGIC_NUMBER}, the first pickle of a legacy file. */
    private static final java.math.BigInteger LEGACY_MAGIC =
            new java.math.BigInteger("1950a86a20f9469cfc6c", 16);

    private TorchCheckpoint() {}

    /**
     * The tensors of the {@code state_dict} in {@code file}, in file order.
     *
     * @throws WeightFormatException if the file is missing, truncated or not a tensor dict
     */
    public static Map<String, StoredTensor> readStateDict(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFormatException(
                    file + " does not exist (see ./course weights status for how to fetch it)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            Object root =
                    head.length == 2 && head[0] == 'P' && head[1] == 'K'
                            ? readZip(file)
                            : readLegacy(file);
            return asStateDict(root, file);
        } catch (NoSuchFileException e) {
            throw new WeightFormatException(file + " does not exist", e);
        } catch (IOException e) {
            throw new WeightFormatException(
                    file + " cannot be read (" + e.getMessage() + "); delete it and fetch it again",
                    e);
        }
    }

    private static Object readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) {
                throw new WeightFormatException(
                        file + " is a zip file without <name>/data.pkl: not a torch.save file");
            }
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                String byteOrder =
                        new String(zip.getInputStream(order).readAllBytes(), StandardCharsets.UTF_8)
                                .trim();
                if (!byteOrder.equals("little")) {
                    throw new WeightFormatException(
                            file
                                    + " stores "
                                    + byteOrder
                                    + "-endian tensors; only little-endian is supported");
                }
            }
            ByteBuffer pickle = ByteBuffer.wrap(entry(zip, prefix + "data.pkl", file));
            String dataPrefix = prefix + "data/";
            Map<String, ByteBuffer> storages = new HashMap<>();
            Unpickler.PersistentLoader loader =
                    pid -> {
                        Tuple t = (Tuple) pid;
                        ElementType type = storageType(t.get(1), file);
                        String key = (String) t.get(2);
                        long numel = ((Number) t.get(4)).longValue();
                        ByteBuffer data =
                                storages.computeIfAbsent(
                                        key,
                                        k -> ByteBuffer.wrap(entry(zip, dataPrefix + k, file)));
                        checkStorage(data, numel, type, file, key);
                        return new Storage(type, data);
                    };
            return new Unpickler(
                            pickle,
                            file + "!" + prefix + "data.pkl",
                            TorchCheckpoint::global,
                            loader)
                    .load();
        } catch (ZipException e) {
            throw new WeightFormatException(
                    file
                            + " is a damaged zip archive ("
                            + e.getMessage()
                            + "): the download was probably cut short; delete it and fetch it again",
                    e);
        }
    }

    private static byte[] entry(ZipFile zip, String name, Path file) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new WeightFormatException(
                    file + " lacks the entry " + name + ": the file is incomplete");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new WeightFormatException(
                    file
                            + ": entry "
                            + name
                            + " cannot be read ("
                            + ex.getMessage()
                            + "); the file is truncated — delete it and fetch it again",
                    ex);
        }
    }

    private static Object readLegacy(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        String src = file.toString();
        Unpickler.Globals none =
                (m, n) -> {
                    throw new WeightFormatException(src + ": unexpected global " + m + "." + n);
                };
        Object magic = new Unpickler(all, src, none, pid -> pid).load();
        if (!LEGACY_MAGIC.equals(toBig(magic))) {
            throw new WeightFormatException(
                    file
                            + " is neither a zip nor a legacy torch.save file (no torch magic number)");
        }
        new Unpickler(all, src, none, pid -> pid).load(); // protocol version
        new Unpickler(all, src, none, pid -> pid).load(); // sys_info
        Map<String, LegacyStorage> storages = new LinkedHashMap<>();
        Object root =
                new Unpickler(
                                all,
                                src,
                                TorchCheckpoint::global,
                                pid -> {
                                    Tuple t = (Tuple) pid;
                                    ElementType type = storageType(t.get(1), file);
                                    String key = (String) t.get(2);
                                    return storages.computeIfAbsent(
                                            key, k -> new LegacyStorage(type));
                                })
                        .load();
        @SuppressWarnings("unchecked")
        List<Object> keys = (List<Object>) new Unpickler(all, src, none, pid -> pid).load();
        try {
            for (Object key : keys) {
                LegacyStorage s = storages.get((String) key);
                long numel = all.getLong();
                int bytes = Math.toIntExact(numel * s.type.bytes());
                ByteBuffer data = all.slice(all.position(), bytes).order(ByteOrder.LITTLE_ENDIAN);
                all.position(all.position() + bytes);
                s.data = data;
            }
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new WeightFormatException(
                    file
                            + ": the tensor data ends early — the file is truncated; delete it and fetch it again");
        }
        return resolveLegacy(root);
    }

    private static Object resolveLegacy(Object root) {
        if (root instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolveLegacy(v)));
            return out;
        }
        if (root instanceof PendingTensor p) {
            return p.resolve();
        }
        return root;
    }

    private static java.math.BigInteger toBig(Object o) {
        if (o instanceof java.math.BigInteger b) {
            return b;
        }
        if (o instanceof Long l) {
            return java.math.BigInteger.valueOf(l);
        }
        return null;
    }

    private static void checkStorage(
            ByteBuffer data, long numel, ElementType type, Path file, String key) {
        if (data.capacity() < numel * type.bytes()) {
            throw new WeightFormatException(
                    file
                            + ": storage "
                            + key
                            + " holds "
                            + data.capacity()
                            + " bytes, "
                            + numel * type.bytes()
                            + " expected — the file is truncated");
        }
    }

    /** The allow-list of globals a state_dict pickle may name. */
    private static PyCallable global(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return args -> new LinkedHashMap<>();
            case "torch._utils._rebuild_tensor_v2":
                return TorchCheckpoint::rebuildTensor;
            case "torch._utils._rebuild_parameter":
                return args -> args.get(0);
            default:
                break;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            ElementType t = storageElementType(name);
            if (t != null) {
                return new StorageClass(t);
            }
        }
        throw new WeightFormatException(
                "the pickle names "
                        + full
                        + ", which a plain state_dict does not contain;"
                        + " save the weights with torch.save(model.state_dict(), path)");
    }

    private static ElementType storageElementType(String name) {
        return switch (name) {
            case "FloatStorage" -> ElementType.FLOAT32;
            case "DoubleStorage" -> ElementType.FLOAT64;
            case "HalfStorage" -> ElementType.FLOAT16;
            case "BFloat16Storage" -> ElementType.BFLOAT16;
            case "LongStorage" -> ElementType.INT64;
            case "IntStorage" -> ElementType.INT32;
            case "ShortStorage" -> ElementType.INT16;
            case "CharStorage" -> ElementType.INT8;
            case "ByteStorage" -> ElementType.UINT8;
            case "BoolStorage" -> ElementType.BOOL;
            default -> null;
        };
    }

    private static ElementType storageType(Object o, Path file) {
        if (o instanceof StorageClass c) {
            return c.type;
        }
        throw new WeightFormatException(file + ": unknown storage type " + o);
    }

    private static Object rebuildTensor(Tuple args) {
        long offset = ((Number) args.get(1)).longValue();
        long[] shape = longs((Tuple) args.get(2));
        long[] strides = longs((Tuple) args.get(3));
        Object storage = args.get(0);
        if (storage instanceof LegacyStorage legacy) {
            return new PendingTensor(legacy, shape, offset, strides);
        }
        Storage s = (Storage) storage;
        return new StoredTensor(s.type, shape, s.data, offset, strides);
    }

    private static long[] longs(Tuple t) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) t.get(i)).longValue();
        }
        return out;
    }

    private static Map<String, StoredTensor> asStateDict(Object root, Path file) {
        if (root instanceof Map<?, ?> map) {
            if (!map.isEmpty() && map.values().stream().allMatch(v -> v instanceof StoredTensor)) {
                Map<String, StoredTensor> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k, (StoredTensor) v));
                return out;
            }
            for (String key : List.of("state_dict", "model_state_dict", "model")) {
                if (map.get(key) instanceof Map<?, ?>) {
                    return asStateDict(map.get(key), file);
                }
            }
        }
        throw new WeightFormatException(
                file
                        + " holds no state_dict (a dict of tensor names to tensors); found "
                        + (root == null ? "None" : root.getClass().getSimpleName()));
    }

    private record Storage(ElementType type, ByteBuffer data) {}

    private record StorageClass(ElementType type) implements PyCallable {
        @Override
        public Object call(Tuple args) {
            throw new WeightFormatException("storage classes are not called in a state_dict");
        }
    }

    private static final class LegacyStorage {
        final ElementType type;
        ByteBuffer data;

        LegacyStorage(ElementType type) {
            this.type = type;
        }
    }

    /** A legacy tensor whose storage bytes come after the pickle. */
    private record PendingTensor(LegacyStorage storage, long[] shape, long offset, long[] strides) {
        StoredTensor resolve() {
            if (storage.data == null) {
                throw new WeightFormatException(
                        "a legacy tensor's storage is missing from the file");
            }
            return new StoredTensor(storage.type, shape, storage.data, offset, strides);
        }
    }
}
