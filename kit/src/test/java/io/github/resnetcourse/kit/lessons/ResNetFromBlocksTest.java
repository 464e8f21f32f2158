package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lesson 06: the ResNet built block by block from DJL layers has exactly the parameters of the
 * kit's ResNet and of torchvision's (Debian's python3-torchvision as the oracle).
 */
class ResNetFromBlocksTest {

    /** Learned parameters only: batch-norm running statistics are buffers, as in PyTorch. */
    private static long learned(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static List<Long> torchvision(String arch) throws IOException, InterruptedException {
        String script =
                "import torchvision\n"
                        + "m = torchvision.models."
                        + arch
                        + "(num_classes=10)\n"
                        + "c = lambda x: sum(p.numel() for p in x.parameters())\n"
                        + "print(c(m.conv1) + c(m.bn1), c(m.layer1), c(m.layer2), c(m.layer3),"
                        + " c(m.layer4), c(m.fc), c(m))\n";
        Process p =
                new ProcessBuilder("/usr/bin/python3", "-c", script)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "torchvision reference failed:\n" + out);
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        List<Long> counts = new ArrayList<>();
        for (String s : last) {
            counts.add(Long.parseLong(s));
        }
        return counts;
    }

    private static void check(String arch, boolean bottleneck, int[] blocks, ImageClassifier kit)
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = FromBlocks.resnet(bottleneck, blocks, 10);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            List<Block> children = net.getChildren().values();
            long stem = learned(children.get(0)) + learned(children.get(1));
            List<Long> ours = new ArrayList<>(List.of(stem));
            for (int i = 4; i < 8; i++) {
                ours.add(learned(children.get(i)));
            }
            ours.add(learned(children.get(10)));
            ours.add(learned(net));
            assertEquals(torchvision(arch), ours, "stem, layer1..4, fc, total vs torchvision");
            assertEquals(kit.parameterCount(), learned(net), "total vs the kit's " + arch);

            // And it runs on the seed's 32×32 CIFAR-10 images.
            NDArray x = manager.randomNormal(new Shape(2, 3, 32, 32));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertEquals(new Shape(2, 10), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void resnet50FromBottlenecksMatchesTheKitAndTorchvision() throws Exception {
        try (ImageClassifier kit = ResNets.resnet50().withHead(10)) {
            assertEquals(23_528_522L, kit.parameterCount());
            check("resnet50", true, new int[] {3, 4, 6, 3}, kit);
        }
    }

    @Test
    void resnet18FromBasicBlocksMatchesTheKitAndTorchvision() throws Exception {
        try (ImageClassifier kit = ResNets.resnet18().withHead(10)) {
            check("resnet18", false, new int[] {2, 2, 2, 2}, kit);
        }
    }
}
