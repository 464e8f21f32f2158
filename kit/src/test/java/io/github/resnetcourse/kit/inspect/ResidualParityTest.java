package io.github.resnetcourse.kit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.inspect.ResidualCapture.BlockTrace;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import io.github.resnetcourse.kit.weights.PythonReference;
import io.github.resnetcourse.kit.weights.WeightLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The residuals the kit captures are the ones PyTorch computes: {@code residual_reference.py}
 * builds torchvision's resnet18 and resnet50 and a Keras-layout ResNet50V2 with random weights,
 * saves them, and recomputes every block's F(x) from the block's own layers on a 224-px batch of
 * two; the kit loads the same files and must report the same ‖x‖, ‖F(x)‖ and ‖F(x)‖/‖x‖ per block
 * (1e-4 relative). The CIFAR networks are built from torch layers in the same script: their
 * parameter counts, residual ratios and training-mode gradient norms must agree too.
 */
class ResidualParityTest {
    private static final int SIZE = 224;
    private static final int BATCH = 2;
    private static final double RATIO_TOLERANCE = 1e-4;

    /**
     * Gradient norms of the residual networks agree to ~2e-7. The plain network's backward pass
     * amplifies rounding from ~1e-7 at {@code fc} to 1e-3–4e-3 in its first layers (measured with
     * two convolution back-ends): torch's own float32 and float64 gradients of this plain-20 differ
     * by 2.7e-3 at {@code conv1}, so its bound is looser.
     */
    private static final double RESIDUAL_GRADIENT_TOLERANCE = 1e-5;

    private static final double PLAIN_GRADIENT_TOLERANCE = 1e-2;

    private static Path dir;
    private static JsonObject reference;

    @BeforeAll
    static void makeReference() throws Exception {
        dir = PythonReference.scratchDir("residuals");
        PythonReference.run(
                "inspect/residual_reference.py",
                dir.toString(),
                String.valueOf(SIZE),
                String.valueOf(BATCH));
        reference =
                JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                        .getAsJsonObject();
    }

    @AfterAll
    static void deleteFiles() throws Exception {
        PythonReference.delete(dir);
    }

    /** A reference model: its key in reference.json, the kit's twin and its weight file. */
    record Case(String name, Supplier<ImageClassifier> factory, String file) {
        @Override
        public String toString() {
            return name + " (" + file + ")";
        }

        void load(ImageClassifier model) {
            Path f = dir.resolve(file);
            if (file.endsWith(".h5")) {
                WeightLoader.loadH5(model, f);
            } else {
                WeightLoader.loadPth(model, f);
            }
        }
    }

    static Stream<Case> families() {
        return Stream.of(
                new Case("resnet18", ResNets::resnet18, "resnet18.pth"),
                new Case("resnet50", ResNets::resnet50, "resnet50.pth"),
                new Case("resnet50v2", ResNets::resnet50V2, "resnet50v2.h5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void residualNormsOfEveryBlockMatchPyTorchAt224Pixels(Case c) throws Exception {
        JsonArray expected = reference.getAsJsonArray(c.name());
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier model = c.factory().get()) {
            c.load(model);
            NDArray x = read(m, "input.bin", new Shape(BATCH, 3, SIZE, SIZE));
            try (ResidualCapture capture = ResidualCapture.run(model, x)) {
                List<BlockTrace> blocks = capture.blocks();
                assertEquals(expected.size(), blocks.size(), c + ": number of residual blocks");
                for (int i = 0; i < blocks.size(); i++) {
                    JsonObject e = expected.get(i).getAsJsonObject();
                    BlockTrace t = blocks.get(i);
                    assertEquals(e.get("block").getAsString(), t.block(), c + ": block order");
                    assertRelative(
                            e.get("x").getAsDouble(), t.inputNorm(), c + " ‖x‖ " + t.block());
                    assertRelative(
                            e.get("fx").getAsDouble(), t.residualNorm(), c + " ‖F‖ " + t.block());
                    assertRelative(
                            e.get("ratio").getAsDouble(), t.ratio(), c + " ratio " + t.block());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Shortcuts.class)
    void cifarNetworksHaveTorchsParameterCountsAtEveryDepth(Shortcuts shortcuts) {
        JsonObject counts = reference.getAsJsonObject("cifar_parameters");
        for (int depth : new int[] {20, 32, 56, 110}) {
            try (ImageClassifier net = ResNets.cifar(depth, shortcuts)) {
                assertEquals(
                        counts.get(key(shortcuts) + "-" + depth).getAsLong(),
                        net.parameterCount(),
                        shortcuts + " depth " + depth);
            }
        }
    }

    @Test
    void optionAAddsNoParametersAndOptionBTwoProjections() {
        JsonObject counts = reference.getAsJsonObject("cifar_parameters");
        // He et al. 2015, Table 6: ResNet-20 0.27M parameters; option A adds none to plain-20.
        assertEquals(269_722L, counts.get("A-20").getAsLong());
        assertEquals(269_722L, counts.get("none-20").getAsLong());
        // Option B: a 1×1 conv + BN at the two stage transitions, 16→32 and 32→64 channels.
        assertEquals(
                269_722L + (16 * 32 + 2 * 32) + (32 * 64 + 2 * 64), counts.get("B-20").getAsLong());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Shortcuts.class)
    void cifarResidualsAndGradientNormsMatchPyTorch(Shortcuts shortcuts) throws Exception {
        JsonObject expected = reference.getAsJsonObject("cifar20-" + key(shortcuts));
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(20, shortcuts)) {
            WeightLoader.loadPth(net, dir.resolve("cifar20-" + key(shortcuts) + ".pth"));
            NDArray x = read(m, "cifar_input.bin", new Shape(4, 3, 32, 32));
            if (shortcuts != Shortcuts.NONE) {
                JsonArray ratios = expected.getAsJsonArray("ratios");
                try (ResidualCapture capture = ResidualCapture.run(net, x)) {
                    double[] kit = capture.ratios();
                    assertEquals(ratios.size(), kit.length);
                    for (int i = 0; i < kit.length; i++) {
                        JsonObject e = ratios.get(i).getAsJsonObject();
                        assertEquals(e.get("block").getAsString(), capture.blockNames().get(i));
                        assertRelative(e.get("ratio").getAsDouble(), kit[i], "ratio " + i);
                    }
                }
            }
            GradientNorms g = GradientNorms.measure(net, x, m.create(new int[] {0, 3, 7, 9}));
            assertEquals(expected.get("loss").getAsDouble(), g.loss(), 1e-4, "loss");
            JsonArray grads = expected.getAsJsonArray("gradients");
            assertEquals(grads.size(), g.layers().size());
            double[] norms = g.norms();
            double worst = 0;
            String worstLayer = "";
            for (int i = 0; i < norms.length; i++) {
                JsonObject e = grads.get(i).getAsJsonObject();
                assertEquals(e.get("parameter").getAsString(), g.layers().get(i));
                double want = e.get("norm").getAsDouble();
                double rel = Math.abs(norms[i] - want) / want;
                if (rel > worst) {
                    worst = rel;
                    worstLayer = g.layers().get(i) + ": kit " + norms[i] + ", torch " + want;
                }
            }
            System.out.printf(
                    "%s: worst relative gradient-norm difference %.3g (%s)%n",
                    shortcuts, worst, worstLayer);
            double tolerance =
                    shortcuts == Shortcuts.NONE
                            ? PLAIN_GRADIENT_TOLERANCE
                            : RESIDUAL_GRADIENT_TOLERANCE;
            assertTrue(worst <= tolerance, shortcuts + " " + worstLayer);
        }
    }

    private static String key(Shortcuts s) {
        return switch (s) {
            case NONE -> "none";
            case RESIDUAL -> "A";
            case PROJECTION -> "B";
        };
    }

    private static NDArray read(NDManager m, String file, Shape shape) throws Exception {
        ByteBuffer raw =
                ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file)))
                        .order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(v);
        return m.create(v, shape);
    }

    private static void assertRelative(double expected, double actual, String what) {
        double rel = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(
                rel <= RATIO_TOLERANCE,
                what + ": kit " + actual + ", torch " + expected + " (relative " + rel + ")");
    }
}
