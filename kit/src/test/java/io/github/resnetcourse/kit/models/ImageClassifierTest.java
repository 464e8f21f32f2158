package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ImageClassifierTest {
    private static ImageClassifier resnet18;
    private static NDManager manager;

    @BeforeAll
    static void build() {
        resnet18 = ResNets.resnet18();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        resnet18.close();
        manager.close();
    }

    @Test
    void parameterNamesAreTorchvisionsModulePaths() {
        Map<String, Parameter> names = resnet18.namedParameters();
        assertTrue(names.containsKey("conv1.weight"));
        assertTrue(names.containsKey("layer1.0.bn1.gamma"));
        assertTrue(names.containsKey("layer2.0.downsample.0.weight"));
        assertTrue(names.containsKey("layer4.1.bn2.runningVar"));
        assertTrue(names.containsKey("fc.weight"));
        assertEquals(
                102,
                names.size()); // torchvision's 122 state_dict keys minus 20 num_batches_tracked
    }

    @Test
    void parameterGroupsAreTheStagesThenTheHeadAndHoldEveryLearnedParameterOnce() {
        List<ParameterGroup> groups = resnet18.parameterGroups();
        assertEquals(
                List.of("stem", "layer1", "layer2", "layer3", "layer4", "fc"),
                groups.stream().map(ParameterGroup::name).toList());
        assertEquals(512 * 1000 + 1000, groups.get(5).parameterCount());
        assertEquals(
                resnet18.parameterCount(),
                groups.stream().mapToLong(ParameterGroup::parameterCount).sum(),
                "every learned parameter is in exactly one group");
        for (ParameterGroup g : groups) {
            for (Parameter p : g.parameters()) {
                assertFalse(ImageClassifier.isBuffer(p), "running statistics are in no group");
            }
        }
    }

    @Test
    void withHeadSharesTheBodyAndReplacesTheHead() {
        try (ImageClassifier ten = resnet18.withHead(10)) {
            assertSame(resnet18.body(), ten.body());
            // torchvision: resnet18 with fc = Linear(512, 10) has 11,181,642 parameters
            assertEquals(11_181_642L, ten.parameterCount());
            NDArray out = ten.predict(manager.randomNormal(new Shape(2, 3, 32, 32)));
            assertEquals(new Shape(2, 10), out.getShape());
        }
    }

    @Test
    void mlpHeadIsNamedLikeAnNnSequentialOnFc() {
        try (ImageClassifier mlp = resnet18.withHead(Head.mlp(256, 0.5f, 5))) {
            Map<String, Parameter> names = mlp.namedParameters();
            assertTrue(names.containsKey("fc.0.weight"));
            assertTrue(names.containsKey("fc.3.bias"));
            assertEquals(
                    resnet18.parameterCount() - 513_000 + 512 * 256 + 256 + 256 * 5 + 5,
                    mlp.parameterCount());
        }
    }

    @Test
    void logSoftmaxHeadOutputsLogProbabilities() {
        try (ImageClassifier log = resnet18.withHead(Head.linearLogSoftmax(7))) {
            NDArray out = log.predict(manager.randomNormal(new Shape(3, 3, 32, 32)));
            float[] sums = out.exp().sum(new int[] {1}).toFloatArray();
            for (float s : sums) {
                assertEquals(1.0, s, 1e-5);
            }
        }
    }

    @Test
    void summaryListsLayersWithShapesAndParameters() {
        Table t = resnet18.summary();
        assertEquals("conv1", t.stringColumn("layer").get(0));
        assertEquals("(1, 64, 112, 112)", t.stringColumn("output shape").get(0));
        assertTrue(t.stringColumn("layer").contains("layer3.1"));
        assertEquals("(1, 1000)", t.stringColumn("output shape").get(t.rowCount() - 1));
        assertEquals(resnet18.parameterCount(), (long) t.longColumn("parameters").sum());
    }

    @Test
    void summaryIsShownAsAnHtmlTable() {
        var shown = new java.util.ArrayList<io.github.resnetcourse.kit.notebook.MimeBundle>();
        var original = io.github.resnetcourse.kit.notebook.Notebook.sink();
        io.github.resnetcourse.kit.notebook.Notebook.install(
                new io.github.resnetcourse.kit.notebook.DisplaySink() {
                    @Override
                    public String display(io.github.resnetcourse.kit.notebook.MimeBundle bundle) {
                        shown.add(bundle);
                        return "id";
                    }

                    @Override
                    public void update(
                            String id, io.github.resnetcourse.kit.notebook.MimeBundle b) {}
                });
        try {
            resnet18.showSummary();
        } finally {
            io.github.resnetcourse.kit.notebook.Notebook.install(original);
        }
        String html = shown.get(0).data().get(io.github.resnetcourse.kit.notebook.MimeBundle.HTML);
        assertTrue(html.contains("<th style=\"text-align:left\">output shape</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">layer4.1</td>"), html);
        assertTrue(shown.get(0).plain().contains("layer4.1"));
    }

    @Test
    void residualBlocksAreFoundInForwardOrder() {
        assertEquals(
                java.util.List.of(
                        "layer1.0",
                        "layer1.1",
                        "layer2.0",
                        "layer2.1",
                        "layer3.0",
                        "layer3.1",
                        "layer4.0",
                        "layer4.1"),
                java.util.List.copyOf(resnet18.residualBlocks().keySet()));
        assertEquals(
                ShortcutKind.PROJECTION, resnet18.residualBlocks().get("layer2.0").shortcutKind());
    }

    @Test
    void cifarNetsRunOn32PixelImagesWithOrWithoutShortcuts() {
        try (ImageClassifier res = ResNets.cifar(20, Shortcuts.RESIDUAL);
                ImageClassifier plain = ResNets.cifar(20, Shortcuts.NONE)) {
            NDArray x = manager.randomNormal(new Shape(2, 3, 32, 32));
            assertEquals(new Shape(2, 10), res.predict(x).getShape());
            assertEquals(new Shape(2, 10), plain.predict(x).getShape());
            assertEquals(9, res.residualBlocks().size());
            assertEquals(
                    ShortcutKind.ZERO_PAD, res.residualBlocks().get("layer2.0").shortcutKind());
            assertEquals(ShortcutKind.NONE, plain.residualBlocks().get("layer2.0").shortcutKind());
        }
    }

    @Test
    void alexnetForCifarTakesTheCentreOfThe11x11Kernels() {
        try (ImageClassifier alex = AlexNets.alexnet();
                ImageClassifier cifar = AlexNets.forCifar(alex, 10)) {
            NDArray big = alex.namedParameters().get("features.0.weight").getArray();
            NDArray small = cifar.namedParameters().get("features.0.weight").getArray();
            assertEquals(new Shape(64, 3, 3, 3), small.getShape());
            assertArrayEquals(
                    big.get(new NDIndex(":, :, 4:7, 4:7")).toFloatArray(), small.toFloatArray());
            assertSame(
                    alex.namedParameters().get("features.3.weight"),
                    cifar.namedParameters().get("features.3.weight"));
            NDArray out = cifar.predict(manager.randomNormal(new Shape(1, 3, 32, 32)));
            assertEquals(new Shape(1, 10), out.getShape());
            List<ParameterGroup> groups = cifar.parameterGroups();
            assertEquals(
                    List.of("features", "classifier", cifar.headName()),
                    groups.stream().map(ParameterGroup::name).toList());
            assertEquals(
                    cifar.body().get("features").getParameters().values().stream()
                            .mapToLong(p -> p.getArray().size())
                            .sum(),
                    groups.get(0).parameterCount());
        }
    }

    @Test
    void adaptivePoolMatchesPyTorchBins() {
        // in 3 -> out 6 repeats each cell twice; in 5 -> out 3 averages [0,2), [1,4), [3,5)
        AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(3, 1);
        NDArray x = manager.arange(5f).reshape(1, 1, 5, 1);
        NDArray y =
                pool.forward(
                                new ai.djl.training.ParameterStore(manager, false),
                                new ai.djl.ndarray.NDList(x),
                                false)
                        .singletonOrThrow();
        assertArrayEquals(new float[] {0.5f, 2f, 3.5f}, y.toFloatArray());
    }
}
