package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The .pth and .h5 readers on real files written by torch/h5py, good and bad. */
class WeightFilesTest {
    private static Path dir;

    @AfterAll
    static void deleteFiles() throws Exception {
        PythonReference.delete(dir);
    }

    @BeforeAll
    static void makeFiles() throws Exception {
        dir = PythonReference.scratchDir("weightfiles");
        PythonReference.run("models/weight_file_cases.py", dir.toString());
    }

    @Test
    void zipAndLegacyFormatsReadTheSameTensors() {
        Map<String, StoredTensor> zip = TorchCheckpoint.readStateDict(dir.resolve("resnet18.pth"));
        Map<String, StoredTensor> legacy =
                TorchCheckpoint.readStateDict(dir.resolve("resnet18-legacy.pth"));
        assertEquals(zip.keySet(), legacy.keySet());
        assertEquals(122, zip.size()); // 62 parameters + 60 BN buffers (mean, var, count)
        assertArrayEquals(
                zip.get("layer4.1.conv2.weight").toFloatArray(),
                legacy.get("layer4.1.conv2.weight").toFloatArray());
        assertArrayEquals(new long[] {64, 3, 7, 7}, zip.get("conv1.weight").shape());
        assertEquals(StoredTensor.ElementType.INT64, zip.get("bn1.num_batches_tracked").type());
    }

    @Test
    void viewsHalvesAndScalarsAreRebuiltWithTheirStrides() {
        Map<String, StoredTensor> t = TorchCheckpoint.readStateDict(dir.resolve("views.pth"));
        // base = arange(12).reshape(3, 4); saved base.t(): shape (4, 3), strides (1, 4)
        assertArrayEquals(new long[] {4, 3}, t.get("t").shape());
        assertArrayEquals(
                new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.get("t").toFloatArray());
        assertArrayEquals(new float[] {1.5f, -2.25f}, t.get("h").toFloatArray());
        assertArrayEquals(new float[] {7}, t.get("n").toFloatArray());
    }

    @Test
    void wrongShapeNamesTheTensorAndBothShapes() {
        try (ImageClassifier model = ResNets.resnet18()) {
            WeightFormatException e =
                    assertThrows(
                            WeightFormatException.class,
                            () ->
                                    WeightLoader.loadPth(
                                            model, dir.resolve("resnet18-10-classes.pth")));
            assertTrue(e.getMessage().contains("resnet18-10-classes.pth"), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "fc.weight is [10, 512] in the file, [1000, 512] in the model"),
                    e.getMessage());
        }
    }

    @Test
    void wrongKeyNamesMissingAndUnexpectedKeys() {
        try (ImageClassifier model = ResNets.resnet18()) {
            WeightFormatException e =
                    assertThrows(
                            WeightFormatException.class,
                            () -> WeightLoader.loadPth(model, dir.resolve("resnet18-renamed.pth")));
            assertTrue(
                    e.getMessage().contains("missing from the file: layer1.0.conv1.weight"),
                    e.getMessage());
            assertTrue(
                    e.getMessage().contains("not in the model: layer1.0.conv9.weight"),
                    e.getMessage());
        }
    }

    @Test
    void truncatedZipSaysDeleteAndFetchAgain() throws IOException {
        Path cut = truncate("resnet18.pth", 0.5);
        WeightFormatException e =
                assertThrows(WeightFormatException.class, () -> TorchCheckpoint.readStateDict(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("fetch it again"), e.getMessage());
    }

    @Test
    void truncatedLegacyFileSaysTruncated() throws IOException {
        Path cut = truncate("resnet18-legacy.pth", 0.9);
        WeightFormatException e =
                assertThrows(WeightFormatException.class, () -> TorchCheckpoint.readStateDict(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void pickledWholeModelIsRefusedWithTheFix() {
        WeightFormatException e =
                assertThrows(
                        WeightFormatException.class,
                        () ->
                                TorchCheckpoint.readStateDict(
                                        dir.resolve("resnet18-full-model.pth")));
        assertTrue(e.getMessage().contains("torchvision.models.resnet.ResNet"), e.getMessage());
        assertTrue(e.getMessage().contains("state_dict()"), e.getMessage());
    }

    @Test
    void randomBytesAreNotATorchFile() throws IOException {
        Path junk = dir.resolve("junk.pth");
        Files.write(junk, "this is not a checkpoint".getBytes());
        assertThrows(WeightFormatException.class, () -> TorchCheckpoint.readStateDict(junk));
        WeightFormatException missing =
                assertThrows(
                        WeightFormatException.class,
                        () -> TorchCheckpoint.readStateDict(dir.resolve("absent.pth")));
        assertTrue(missing.getMessage().contains("absent.pth does not exist"));
    }

    @Test
    void unpicklerReadsPythonValuesOfProtocols2And4() throws IOException {
        for (String file : List.of("plain-p2.pkl", "plain-p4.pkl")) {
            Object value =
                    new Unpickler(
                                    ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file))),
                                    file,
                                    (m, n) -> {
                                        if ((m + "." + n).equals("collections.OrderedDict")) {
                                            return args -> new java.util.LinkedHashMap<>();
                                        }
                                        if ((m + "." + n).equals("_codecs.encode")) {
                                            // protocol 2 pickles bytes as encode(str, 'latin1')
                                            return args ->
                                                    ((String) args.get(0))
                                                            .getBytes(
                                                                    java.nio.charset
                                                                            .StandardCharsets
                                                                            .ISO_8859_1);
                                        }
                                        throw new WeightFormatException("global " + m + "." + n);
                                    },
                                    pid -> pid)
                            .load();
            Map<?, ?> map = (Map<?, ?>) value;
            assertEquals(
                    Arrays.asList(
                            0L,
                            1L,
                            255L,
                            256L,
                            65535L,
                            65536L,
                            -1L,
                            -(1L << 31),
                            1L << 40,
                            BigInteger.TWO.pow(70)),
                    map.get("ints"),
                    file);
            assertEquals(List.of(0.5, -1e-300), ((Unpickler.Tuple) map.get("floats")).items());
            assertEquals("ResNet ✓", map.get("text"));
            assertEquals(
                    Arrays.asList(true, false, null), ((Unpickler.Tuple) map.get("flags")).items());
            Map<?, ?> nested = (Map<?, ?>) map.get("nested");
            assertEquals(List.of(1L, List.of(2L, 3L)), nested.get("a"));
            assertArrayEquals(new byte[] {0, 1}, (byte[]) map.get("bytes"));
        }
    }

    @Test
    void kerasKernelsAreTransposedHwioToOihw() {
        Map<String, StoredTensor> raw = KerasH5.read(dir.resolve("small.h5"));
        StoredTensor k = raw.get("conv1_conv/kernel");
        assertArrayEquals(new long[] {7, 7, 3, 64}, k.shape());
        StoredTensor oihw = k.permute(3, 2, 0, 1);
        assertArrayEquals(new long[] {64, 3, 7, 7}, oihw.shape());
        float[] hwio = k.toFloatArray();
        float[] out = oihw.toFloatArray();
        // OIHW[o=5, i=2, h=1, w=3] == HWIO[h=1, w=3, i=2, o=5]
        assertEquals(hwio[((1 * 7 + 3) * 3 + 2) * 64 + 5], out[((5 * 3 + 2) * 7 + 1) * 7 + 3]);
    }

    @Test
    void incompleteH5ListsWhatIsMissing() {
        try (ImageClassifier model = ResNets.resnet50V2()) {
            WeightFormatException e =
                    assertThrows(
                            WeightFormatException.class,
                            () -> WeightLoader.loadH5(model, dir.resolve("small.h5")));
            assertTrue(
                    e.getMessage().contains("missing from the file: conv2_block1_preact_bn/gamma"),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("predictions/kernel is [10, 2048] in the file, [1000, 2048]"),
                    e.getMessage());
        }
    }

    @Test
    void h5WithoutLayerNamesOrTruncatedIsAClearError() throws IOException {
        WeightFormatException notKeras =
                assertThrows(
                        WeightFormatException.class,
                        () -> KerasH5.read(dir.resolve("not-keras.h5")));
        assertTrue(notKeras.getMessage().contains("layer_names"), notKeras.getMessage());
        Path cut = truncate("small.h5", 0.5);
        WeightFormatException truncated =
                assertThrows(WeightFormatException.class, () -> KerasH5.read(cut));
        assertTrue(truncated.getMessage().contains(cut.toString()), truncated.getMessage());
    }

    private static Path truncate(String name, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve(name));
        Path cut = dir.resolve("cut-" + fraction + "-" + name);
        Files.write(cut, Arrays.copyOf(all, (int) (all.length * fraction)));
        return cut;
    }
}
