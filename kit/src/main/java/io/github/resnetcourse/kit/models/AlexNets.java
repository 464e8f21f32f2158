package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * torchvision's AlexNet ({@code models/alexnet.py}, 61,100,840 parameters) and the CIFAR-10
 * adaptation of lesson 02. The body is {@code features}, {@code avgpool} and the classifier up to
 * its last ReLU (a 4096-feature vector); the head is {@code classifier.6}.
 */
public final class AlexNets {
    private static final int FEATURES = 4096;

    private AlexNets() {}

    /** torchvision AlexNet with the 1000-class head. */
    public static ImageClassifier alexnet() {
        NamedSequential features =
                new NamedSequential()
                        .add("0", Layers.conv(64, 11, 4, 2, true))
                        .add("1", Layers.relu())
                        .add("2", Layers.maxPool(3, 2, 0))
                        .add("3", Layers.conv(192, 5, 1, 2, true))
                        .add("4", Layers.relu())
                        .add("5", Layers.maxPool(3, 2, 0))
                        .add("6", Layers.conv(384, 3, 1, 1, true))
                        .add("7", Layers.relu())
                        .add("8", Layers.conv(256, 3, 1, 1, true))
                        .add("9", Layers.relu())
                        .add("10", Layers.conv(256, 3, 1, 1, true))
                        .add("11", Layers.relu())
                        .add("12", Layers.maxPool(3, 2, 0));
        return assemble(Architecture.ALEXNET, features, Head.linear(1000), 224);
    }

    /**
     * The seed's CIFAR-10 adaptation of {@code alexnet} (pretrained or not): {@code features.0}
     * becomes a 3×3 conv with stride 1 and padding 1 whose weights are the centre 3×3 of the 11×11
     * kernels (and whose bias is the old bias), {@code features.2} becomes a 2×2 max-pool with
     * stride 2, and the head becomes {@code Linear(4096 → classes)}. The rest of {@code alexnet}'s
     * layers are shared, not copied.
     *
     * <p>The seed slices {@code [:, :3, 1:4, 1:4]}, a corner-ward window; the kit takes the true
     * centre {@code [5-1:5+2]} = rows and columns 4–6, where an ImageNet kernel's centre of mass
     * lies.
     */
    public static ImageClassifier forCifar(ImageClassifier alexnet, int classes) {
        if (alexnet.architecture() != Architecture.ALEXNET) {
            throw new IllegalArgumentException(
                    "forCifar adapts torchvision AlexNet, got " + alexnet.name());
        }
        NamedSequential old = (NamedSequential) alexnet.body().get("features");
        Block conv1 = Layers.conv(64, 3, 1, 1, true);
        NamedSequential features =
                new NamedSequential()
                        .add("0", conv1)
                        .add("1", old.get("1"))
                        .add("2", Layers.maxPool(2, 2, 0));
        for (String name : old.names().subList(3, old.names().size())) {
            features.add(name, old.get(name));
        }
        ImageClassifier adapted =
                assemble(Architecture.ALEXNET_CIFAR, features, Head.linear(classes), 32);
        Block oldConv = old.get("0");
        copyCentre(oldConv, conv1);
        return adapted;
    }

    private static void copyCentre(Block from, Block to) {
        NDArray w = param(from, "weight").getArray();
        NDArray centre = w.get(new NDIndex(":, :, 4:7, 4:7"));
        param(to, "weight").getArray().set(centre.toFloatArray());
        param(to, "bias").getArray().set(param(from, "bias").getArray().toFloatArray());
        centre.close();
    }

    private static Parameter param(Block block, String name) {
        return block.getDirectParameters().get(name);
    }

    private static ImageClassifier assemble(
            Architecture arch, NamedSequential features, Head head, int size) {
        NamedSequential classifier =
                new NamedSequential()
                        .add("0", Layers.dropout(0.5f))
                        .add("1", Layers.linear(FEATURES))
                        .add("2", Layers.relu())
                        .add("3", Layers.dropout(0.5f))
                        .add("4", Layers.linear(FEATURES))
                        .add("5", Layers.relu());
        NamedSequential body =
                new NamedSequential()
                        .add("features", features)
                        .add("avgpool", new AdaptiveAvgPool2d(6, 6))
                        .add("flatten", Layers.flatten())
                        .add("classifier", classifier);
        return ResNets.create(
                arch,
                body,
                List.of(Stage.of("features"), Stage.of("classifier")),
                head,
                "classifier.6",
                size);
    }
}
