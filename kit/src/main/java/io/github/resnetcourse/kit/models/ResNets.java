package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Factories for the residual networks, randomly initialised and with their original head.
 *
 * <ul>
 *   <li>ResNet v1 exactly as torchvision ({@code models/resnet.py}): the depth is data ({@code [2,
 *       2, 2, 2]} …), BasicBlock or Bottleneck, 7×7 stem + max-pool, names as torchvision's {@code
 *       state_dict} keys;
 *   <li>ResNet v2 exactly as Keras ({@code applications/resnet_v2.py}), names as its layers;
 *   <li>the CIFAR-10 ResNet-n and plain-n of He et al. 2015 (§4.2).
 * </ul>
 *
 * Load pretrained weights with {@code weights.Weights}; replace the head with {@link
 * ImageClassifier#withHead(Head)}.
 */
public final class ResNets {
    private ResNets() {}

    /** torchvision ResNet-18 (11,689,512 parameters). */
    public static ImageClassifier resnet18() {
        return v1(Architecture.RESNET18, false, 2, 2, 2, 2);
    }

    /** torchvision ResNet-34 (21,797,672 parameters). */
    public static ImageClassifier resnet34() {
        return v1(Architecture.RESNET34, false, 3, 4, 6, 3);
    }

    /** torchvision ResNet-50 (25,557,032 parameters). */
    public static ImageClassifier resnet50() {
        return v1(Architecture.RESNET50, true, 3, 4, 6, 3);
    }

    /** torchvision ResNet-101 (44,549,160 parameters). */
    public static ImageClassifier resnet101() {
        return v1(Architecture.RESNET101, true, 3, 4, 23, 3);
    }

    /** torchvision ResNet-152 (60,192,808 parameters). */
    public static ImageClassifier resnet152() {
        return v1(Architecture.RESNET152, true, 3, 8, 36, 3);
    }

    /** Keras ResNet50V2 (25,613,800 weights as Keras counts, 23,564,800 without the top). */
    public static ImageClassifier resnet50V2() {
        return v2(Architecture.RESNET50_V2, 3, 4, 6, 3);
    }

    /** Keras ResNet101V2. */
    public static ImageClassifier resnet101V2() {
        return v2(Architecture.RESNET101_V2, 3, 4, 23, 3);
    }

    /** Keras ResNet152V2. */
    public static ImageClassifier resnet152V2() {
        return v2(Architecture.RESNET152_V2, 3, 8, 36, 3);
    }

    /**
     * He et al.'s CIFAR-10 network of {@code depth = 6n + 2} layers: a 3×3 conv to 16 channels,
     * three stages of {@code n} blocks at 16/32/64 channels, global average pool, {@code fc} to 10.
     *
     * @param depth 20 or 56 (any {@code 6n + 2} works)
     * @param shortcuts option A or option B (ResNet-n), or none (plain-n)
     */
    public static ImageClassifier cifar(int depth, Shortcuts shortcuts) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException(
                    "CIFAR ResNet depth must be 6n + 2 (20, 32, 44, 56, 110), got " + depth);
        }
        int n = (depth - 2) / 6;
        NamedSequential body =
                new NamedSequential()
                        .add("conv1", Layers.conv(16, 3, 1, 1, false))
                        .add("bn1", Layers.batchNorm(Layers.TORCH_BN_EPS))
                        .add("relu", Layers.relu());
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("stem", List.of("conv1", "bn1")));
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int s = 0; s < widths.length; s++) {
            NamedSequential layer = new NamedSequential();
            for (int b = 0; b < n; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                layer.add(String.valueOf(b), new CifarBlock(in, widths[s], stride, shortcuts));
                in = widths[s];
            }
            String name = "layer" + (s + 1);
            body.add(name, layer);
            stages.add(Stage.of(name));
        }
        body.add("avgpool", Layers.globalAvgPool());
        Architecture arch = cifarArchitecture(depth, shortcuts);
        String name =
                (shortcuts == Shortcuts.NONE ? "plain" : "resnet")
                        + depth
                        + (shortcuts == Shortcuts.PROJECTION ? "-b" : "");
        return create(arch, name, body, stages, Head.linear(10), "fc", 32);
    }

    private static Architecture cifarArchitecture(int depth, Shortcuts shortcuts) {
        // Option B shares its family's entry (whose published count is option A's).
        boolean residual = shortcuts != Shortcuts.NONE;
        if (depth == 20) {
            return residual ? Architecture.RESNET20 : Architecture.PLAIN20;
        }
        if (depth == 56) {
            return residual ? Architecture.RESNET56 : Architecture.PLAIN56;
        }
        // Other depths are allowed for experiments; they share the family's catalogue entry but
        // carry their own name (ImageClassifier.name()).
        return residual ? Architecture.RESNET56 : Architecture.PLAIN56;
    }

    private static ImageClassifier v1(Architecture arch, boolean bottleneck, int... blocks) {
        NamedSequential body =
                new NamedSequential()
                        .add("conv1", Layers.conv(64, 7, 2, 3, false))
                        .add("bn1", Layers.batchNorm(Layers.TORCH_BN_EPS))
                        .add("relu", Layers.relu())
                        .add("maxpool", Layers.maxPool(3, 2, 1));
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("stem", List.of("conv1", "bn1")));
        int expansion = bottleneck ? Bottleneck.EXPANSION : BasicBlock.EXPANSION;
        int in = 64;
        for (int s = 0; s < blocks.length; s++) {
            int planes = 64 << s;
            NamedSequential layer = new NamedSequential();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                layer.add(
                        String.valueOf(b),
                        bottleneck
                                ? new Bottleneck(in, planes, stride)
                                : new BasicBlock(in, planes, stride));
                in = planes * expansion;
            }
            String name = "layer" + (s + 1);
            body.add(name, layer);
            stages.add(Stage.of(name));
        }
        body.add("avgpool", Layers.globalAvgPool());
        return create(arch, body, stages, Head.linear(1000), "fc", 224);
    }

    private static ImageClassifier v2(Architecture arch, int... blocks) {
        NamedSequential body =
                new NamedSequential()
                        // Keras: ZeroPadding2D(3) + 'valid' 7×7 conv with bias = padding 3 here.
                        .add("conv1_conv", Layers.conv(64, 7, 2, 3, true))
                        .add("pool1_pool", new ZeroPadMaxPool());
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("stem", List.of("conv1_conv")));
        for (int s = 0; s < blocks.length; s++) {
            int filters = 64 << s;
            // Keras puts the stride in the last block of conv2–conv4, none in conv5.
            int lastStride = s < blocks.length - 1 ? 2 : 1;
            NamedSequential stack = new NamedSequential();
            for (int b = 1; b <= blocks[s]; b++) {
                stack.add(
                        "block" + b,
                        new PreActBottleneck(filters, b == 1, b == blocks[s] ? lastStride : 1));
            }
            String name = "conv" + (s + 2);
            body.add(name, stack);
            stages.add(Stage.of(name));
        }
        body.add("post_bn", Layers.batchNorm(Layers.KERAS_BN_EPS))
                .add("post_relu", Layers.relu())
                .add("avg_pool", Layers.globalAvgPool());
        stages.add(new Stage("post", List.of("post_bn")));
        return create(arch, body, stages, Head.linear(1000), "predictions", 224);
    }

    static ImageClassifier create(
            Architecture arch,
            NamedSequential body,
            List<Stage> stages,
            Head head,
            String headName,
            int size) {
        return create(arch, arch.id(), body, stages, head, headName, size);
    }

    private static ImageClassifier create(
            Architecture arch,
            String name,
            NamedSequential body,
            List<Stage> stages,
            Head head,
            String headName,
            int size) {
        // He (Kaiming) normal initialisation, fan-out, as torchvision initialises its convs.
        body.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        return new ImageClassifier(
                arch,
                name,
                body,
                stages,
                head,
                headName,
                new Shape(3, size, size),
                NDManager.newBaseManager(),
                true);
    }
}
