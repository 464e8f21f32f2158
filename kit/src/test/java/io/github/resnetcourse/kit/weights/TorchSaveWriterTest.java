package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TorchSaveWriter} files read back by the kit's reader and by Debian's torch 1.13. */
class TorchSaveWriterTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = PythonReference.scratchDir("torch-save-writer");
    }

    @AfterEach
    void deleteDir() throws IOException {
        PythonReference.delete(dir);
    }

    /** Shapes covering every pickle tuple opcode (0–3 dims and MARK…TUPLE) and every int size. */
    private static Map<String, float[]> sample(Map<String, long[]> shapes) {
        shapes.put("conv.weight", new long[] {8, 3, 5, 5});
        shapes.put("fc.bias", new long[] {7});
        shapes.put("big.weight", new long[] {300, 301});
        shapes.put("plane", new long[] {2, 3});
        shapes.put("cube", new long[] {2, 3, 4});
        shapes.put("empty", new long[] {0, 4});
        Map<String, float[]> values = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(7);
        shapes.forEach(
                (k, s) -> {
                    long n = 1;
                    for (long d : s) {
                        n *= d;
                    }
                    float[] v = new float[(int) n];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) rng.nextGaussian();
                    }
                    values.put(k, v);
                });
        return values;
    }

    private Path writeSample(Map<String, long[]> shapes, Map<String, float[]> values)
            throws IOException {
        Path file = dir.resolve("sample.pth");
        try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
            for (var e : shapes.entrySet()) {
                w.putFloats(e.getKey(), e.getValue(), values.get(e.getKey()));
            }
            w.putLong("bn.num_batches_tracked", 123_456_789_012L);
            w.commit();
        }
        return file;
    }

    @Test
    void kitReaderReadsBackExactValuesShapesAndOrder() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = sample(shapes);
        Map<String, StoredTensor> read = TorchCheckpoint.readStateDict(writeSample(shapes, values));
        List<String> expectedKeys = new java.util.ArrayList<>(shapes.keySet());
        expectedKeys.add("bn.num_batches_tracked");
        assertEquals(expectedKeys, List.copyOf(read.keySet()));
        for (var e : shapes.entrySet()) {
            StoredTensor t = read.get(e.getKey());
            assertEquals(StoredTensor.ElementType.FLOAT32, t.type());
            assertArrayEquals(e.getValue(), t.shape(), e.getKey());
            assertArrayEquals(values.get(e.getKey()), t.toFloatArray(), e.getKey());
        }
        StoredTensor count = read.get("bn.num_batches_tracked");
        assertEquals(StoredTensor.ElementType.INT64, count.type());
        assertArrayEquals(new long[0], count.shape());
        assertEquals(123_456_789_012f, count.toFloatArray()[0]);
    }

    @Test
    void debianTorchLoadsTheFileWithTheSameShapesAndValues() throws Exception {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = sample(shapes);
        Path file = writeSample(shapes, values);
        JsonObject summary = torchSummary(file, null);
        assertEquals("OrderedDict", summary.get("type").getAsString());
        assertTrue(summary.get("aligned").getAsBoolean(), "storages start at multiples of 64");
        JsonObject tensors = summary.getAsJsonObject("tensors");
        assertEquals(shapes.size() + 1, tensors.size());
        for (var e : shapes.entrySet()) {
            JsonObject t = tensors.getAsJsonObject(e.getKey());
            assertEquals("torch.float32", t.get("dtype").getAsString());
            long[] shape = new long[t.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.getAsJsonArray("shape").get(i).getAsLong();
            }
            assertArrayEquals(e.getValue(), shape, e.getKey());
            double sum = 0;
            for (float v : values.get(e.getKey())) {
                sum += v;
            }
            assertEquals(sum, t.get("sum").getAsDouble(), 1e-9, e.getKey());
        }
        JsonObject count = tensors.getAsJsonObject("bn.num_batches_tracked");
        assertEquals("torch.int64", count.get("dtype").getAsString());
        assertEquals(0, count.getAsJsonArray("shape").size());
        assertEquals(123_456_789_012d, count.get("sum").getAsDouble());
    }

    @Test
    void resnet18RoundTripGivesIdenticalLogits() throws IOException {
        Path file = dir.resolve("resnet18-roundtrip.pth");
        try (ImageClassifier original = Architecture.RESNET18.build();
                NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = original.namedParameters();
            // Fresh batch-norm statistics are 0 and 1; random ones prove they travel too.
            SplittableRandom rng = new SplittableRandom(3);
            params.forEach(
                    (path, p) -> {
                        if (path.endsWith("runningMean") || path.endsWith("runningVar")) {
                            float[] v = new float[Math.toIntExact(p.getArray().size())];
                            for (int i = 0; i < v.length; i++) {
                                v[i] = (float) rng.nextDouble(0.5, 1.5);
                            }
                            p.getArray().set(v);
                        }
                    });
            try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
                for (var e : params.entrySet()) {
                    String key = WeightLoader.torchName(e.getKey());
                    w.put(key, e.getValue().getArray());
                    if (key.endsWith(".running_var")) {
                        w.putLong(key.replace(".running_var", ".num_batches_tracked"), 0);
                    }
                }
                w.commit();
            }
            NDArray x = manager.randomNormal(original.batchShape(2));
            float[] expected = original.predict(x).toFloatArray();
            try (ImageClassifier reloaded = Weights.RESNET18_IMAGENET1K_V1.loadFrom(file)) {
                assertArrayEquals(expected, reloaded.predict(x).toFloatArray());
            }
        }
    }

    @Test
    void nothingAppearsUnlessCommitted() throws IOException {
        Path file = dir.resolve("aborted.pth");
        try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
            w.putFloats("a", new long[] {2}, new float[] {1, 2});
        }
        assertFalse(Files.exists(file));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the temporary file is removed");
        }
    }

    @Test
    void anExceptionMidWriteKeepsTheEarlierFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("twin.pth");
        try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
            w.putFloats("a", new long[] {2}, new float[] {1, 2});
            w.commit();
        }
        byte[] earlier = Files.readAllBytes(file);
        assertThrows(
                IllegalArgumentException.class,
                () -> {
                    try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
                        w.putFloats("a", new long[] {3}, new float[] {4, 5, 6});
                        w.putFloats("b", new long[] {2, 2}, new float[3]);
                        w.commit();
                    }
                });
        assertArrayEquals(earlier, Files.readAllBytes(file));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "the temporary file is removed");
        }
    }

    @Test
    void mismatchedValuesAndRepeatedNamesAreRefused() throws IOException {
        try (TorchSaveWriter w = TorchSaveWriter.create(dir.resolve("bad.pth"))) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> w.putFloats("fc.weight", new long[] {2, 3}, new float[5]));
            assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
            w.putFloats("fc.bias", new long[] {2}, new float[2]);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> w.putFloats("fc.bias", new long[] {2}, new float[2]));
        }
    }

    /** What Debian's torch sees in {@code file}; with {@code arch}, compared with torchvision's. */
    static JsonObject torchSummary(Path file, String arch) throws Exception {
        Path out = file.resolveSibling(file.getFileName() + ".json");
        if (arch == null) {
            PythonReference.run("weights/torch_load_summary.py", file.toString(), out.toString());
        } else {
            PythonReference.run(
                    "weights/torch_load_summary.py", file.toString(), out.toString(), arch);
        }
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }
}
