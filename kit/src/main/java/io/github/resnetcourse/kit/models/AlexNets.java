package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
     * layers are shared, not copied. Lesson 02 writes the same steps out with {@link #adapt}.
     *
     * <p>The seed slices {@code [:, :3, 1:4, 1:4]}, a corner-ward window; the kit takes the true
     * centre {@code [5-1:5+2]} = rows and columns 4–6, where an ImageNet kernel's centre of mass
     * lies.
     */
    public static ImageClassifier forCifar(ImageClassifier alexnet, int classes) {
        return adapt(alexnet)
                .replaceConv("features.0", 64, 3, 1, 1)
                .copyKernelWindow("features.0", ":, :, 4:7, 4:7")
                .replaceMaxPool("features.2", 2, 2)
                .setHead(Head.linear(classes))
                .build(32);
    }

    /**
     * Starts the surgery of seed 004 §6 on a torchvision AlexNet, one step per line of the seed:
     *
     * <pre>{@code
     * var cifar = AlexNets.adapt(imagenetAlexnet)
     *         .replaceConv("features.0", 64, 3, 1, 1)          // nn.Conv2d(3, 64, 3, stride=1, padding=1)
     *         .copyKernelWindow("features.0", ":, :, 4:7, 4:7") // weight = old.weight[:, :, 4:7, 4:7]
     *         .replaceMaxPool("features.2", 2, 2)              // nn.MaxPool2d(kernel_size=2, stride=2)
     *         .setHead(Head.linear(10))                        // classifier[6] = nn.Linear(4096, 10)
     *         .build(32);
     * }</pre>
     *
     * <p>Layers not replaced — the other convolutions and the classifier's two hidden {@code
     * Linear(4096)} layers — are shared with {@code alexnet} (their weights are not copied).
     */
    public static Surgery adapt(ImageClassifier alexnet) {
        if (alexnet.architecture() != Architecture.ALEXNET) {
            throw new IllegalArgumentException(
                    "AlexNets.adapt works on torchvision AlexNet, got "
                            + alexnet.name()
                            + "; load it with Weights.ALEXNET_IMAGENET1K_V1 or AlexNets.alexnet().");
        }
        return new Surgery(alexnet);
    }

    /**
     * The steps of {@link #adapt}: replaced layers of {@code features}, kernel windows copied from
     * the old layers into the new ones, and the new head. Layers are named as in PyTorch's {@code
     * named_modules()}: {@code features.0} … {@code features.12}.
     */
    public static final class Surgery {
        private final ImageClassifier source;
        private final NamedSequential oldFeatures;
        private final Map<String, Block> replacements = new LinkedHashMap<>();
        private final Map<String, String> windows = new LinkedHashMap<>();
        private Head head;

        private Surgery(ImageClassifier source) {
            this.source = source;
            this.oldFeatures = (NamedSequential) source.body().get("features");
        }

        /**
         * Replaces convolution {@code layer} by {@code Conv2d(in, filters, kernel, stride,
         * padding)} with a bias, freshly initialised.
         */
        public Surgery replaceConv(String layer, int filters, int kernel, int stride, int padding) {
            replacements.put(index(layer), Layers.conv(filters, kernel, stride, padding, true));
            return this;
        }

        /** Replaces max-pool {@code layer} by {@code MaxPool2d(kernel, stride)}. */
        public Surgery replaceMaxPool(String layer, int kernel, int stride) {
            replacements.put(index(layer), Layers.maxPool(kernel, stride, 0));
            return this;
        }

        /**
         * Initialises the replaced convolution {@code layer} from the old one's weights sliced by
         * {@code window} (NumPy/PyTorch slicing, e.g. {@code ":, :, 4:7, 4:7"}), and copies the old
         * bias. The window must have the new kernel's shape.
         */
        public Surgery copyKernelWindow(String layer, String window) {
            String i = index(layer);
            if (!replacements.containsKey(i)) {
                throw new IllegalArgumentException(
                        "copyKernelWindow(\""
                                + layer
                                + "\", ...): replace that layer first with replaceConv.");
            }
            windows.put(i, window);
            return this;
        }

        /** The new head in place of {@code classifier.6} (required). */
        public Surgery setHead(Head value) {
            this.head = Objects.requireNonNull(value, "head");
            return this;
        }

        /** The adapted network, for square inputs of {@code inputSize} pixels. */
        public ImageClassifier build(int inputSize) {
            if (head == null) {
                throw new IllegalStateException(
                        "The surgery needs the new last layer: setHead(Head.linear(classes)).");
            }
            NamedSequential features = new NamedSequential();
            for (String name : oldFeatures.names()) {
                features.add(name, replacements.getOrDefault(name, oldFeatures.get(name)));
            }
            // The classifier's hidden layers keep their (pretrained) weights, as in the seed, which
            // replaces only classifier[6].
            NamedSequential classifier = (NamedSequential) source.body().get("classifier");
            ImageClassifier adapted =
                    assemble(Architecture.ALEXNET_CIFAR, features, classifier, head, inputSize);
            try {
                for (Map.Entry<String, String> w : windows.entrySet()) {
                    copyWindow(oldFeatures.get(w.getKey()), features.get(w.getKey()), w);
                }
            } catch (RuntimeException e) {
                adapted.close();
                throw e;
            }
            return adapted;
        }

        private String index(String layer) {
            String prefix = "features.";
            String i = layer.startsWith(prefix) ? layer.substring(prefix.length()) : "";
            if (!oldFeatures.names().contains(i)) {
                throw new IllegalArgumentException(
                        "No layer '"
                                + layer
                                + "' in "
                                + source.name()
                                + "; its layers are features.0 … features."
                                + (oldFeatures.names().size() - 1)
                                + ".");
            }
            return i;
        }

        private static void copyWindow(Block from, Block to, Map.Entry<String, String> w) {
            NDArray old = param(from, "weight").getArray();
            NDArray target = param(to, "weight").getArray();
            try (NDArray window = old.get(new NDIndex(w.getValue()))) {
                if (!window.getShape().equals(target.getShape())) {
                    throw new IllegalArgumentException(
                            "features."
                                    + w.getKey()
                                    + ".weight"
                                    + old.getShape()
                                    + "["
                                    + w.getValue()
                                    + "] has shape "
                                    + window.getShape()
                                    + ", but the new layer's weight has shape "
                                    + target.getShape()
                                    + ".");
                }
                target.set(window.toFloatArray());
            }
            param(to, "bias").getArray().set(param(from, "bias").getArray().toFloatArray());
        }
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
        return assemble(arch, features, classifier, head, size);
    }

    private static ImageClassifier assemble(
            Architecture arch,
            NamedSequential features,
            NamedSequential classifier,
            Head head,
            int size) {
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
