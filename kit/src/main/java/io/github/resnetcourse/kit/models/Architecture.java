package io.github.resnetcourse.kit.models;

import java.util.function.Supplier;

/**
 * Every architecture the kit defines, with the facts the model table shows. Parameter counts are
 * those of the architecture with its original head (1000 ImageNet classes, 10 for the CIFAR nets)
 * as the source counts them: PyTorch counts learned parameters only, Keras also counts BatchNorm's
 * moving mean and variance. Tests build every architecture and check these numbers.
 */
public enum Architecture {
    /** torchvision {@code resnet18}. */
    RESNET18("resnet18", "torchvision", 224, 11_689_512L, Counting.PYTORCH, ResNets::resnet18),
    /** torchvision {@code resnet34}. */
    RESNET34("resnet34", "torchvision", 224, 21_797_672L, Counting.PYTORCH, ResNets::resnet34),
    /** torchvision {@code resnet50} (v1.5: stride on the 3×3). */
    RESNET50("resnet50", "torchvision", 224, 25_557_032L, Counting.PYTORCH, ResNets::resnet50),
    /** torchvision {@code resnet101}. */
    RESNET101("resnet101", "torchvision", 224, 44_549_160L, Counting.PYTORCH, ResNets::resnet101),
    /** torchvision {@code resnet152}. */
    RESNET152("resnet152", "torchvision", 224, 60_192_808L, Counting.PYTORCH, ResNets::resnet152),
    /** Keras {@code ResNet50V2} (pre-activation). */
    RESNET50_V2(
            "resnet50v2",
            "Keras applications",
            224,
            25_613_800L,
            Counting.KERAS,
            ResNets::resnet50V2),
    /** Keras {@code ResNet101V2}. */
    RESNET101_V2(
            "resnet101v2",
            "Keras applications",
            224,
            44_675_560L,
            Counting.KERAS,
            ResNets::resnet101V2),
    /** Keras {@code ResNet152V2}. */
    RESNET152_V2(
            "resnet152v2",
            "Keras applications",
            224,
            60_380_648L,
            Counting.KERAS,
            ResNets::resnet152V2),
    /** torchvision {@code alexnet}. */
    ALEXNET("alexnet", "torchvision", 224, 61_100_840L, Counting.PYTORCH, AlexNets::alexnet),
    /** AlexNet adapted to 32×32 CIFAR images (lesson 02, seed 004), 10 classes. */
    ALEXNET_CIFAR(
            "alexnet-cifar",
            "seed 004 adaptation",
            32,
            57_023_306L,
            Counting.PYTORCH,
            () -> AlexNets.forCifar(AlexNets.alexnet(), 10)),
    /** ResNet-20 for CIFAR-10 (He et al. 2015, option-A shortcuts). */
    RESNET20(
            "resnet20",
            "He et al. 2015",
            32,
            269_722L,
            Counting.PYTORCH,
            () -> ResNets.cifar(20, Shortcuts.RESIDUAL)),
    /** ResNet-56 for CIFAR-10. */
    RESNET56(
            "resnet56",
            "He et al. 2015",
            32,
            853_018L,
            Counting.PYTORCH,
            () -> ResNets.cifar(56, Shortcuts.RESIDUAL)),
    /** Plain-20: ResNet-20 without shortcuts. */
    PLAIN20(
            "plain20",
            "He et al. 2015",
            32,
            269_722L,
            Counting.PYTORCH,
            () -> ResNets.cifar(20, Shortcuts.NONE)),
    /** Plain-56: ResNet-56 without shortcuts. */
    PLAIN56(
            "plain56",
            "He et al. 2015",
            32,
            853_018L,
            Counting.PYTORCH,
            () -> ResNets.cifar(56, Shortcuts.NONE));

    /** How a source framework counts a model's parameters. */
    public enum Counting {
        /** {@code sum(p.numel() for p in model.parameters())}: learned parameters only. */
        PYTORCH,
        /** {@code model.count_params()}: learned parameters plus BatchNorm moving statistics. */
        KERAS
    }

    private final String id;
    private final String source;
    private final int inputSize;
    private final long publishedParameters;
    private final Counting counting;
    private final Supplier<ImageClassifier> factory;

    Architecture(
            String id,
            String source,
            int inputSize,
            long publishedParameters,
            Counting counting,
            Supplier<ImageClassifier> factory) {
        this.id = id;
        this.source = source;
        this.inputSize = inputSize;
        this.publishedParameters = publishedParameters;
        this.counting = counting;
        this.factory = factory;
    }

    /** The short name used by {@code ./course models} and {@code ./course weights}. */
    public String id() {
        return id;
    }

    /** Where the architecture's definition comes from. */
    public String source() {
        return source;
    }

    /** The side of the square input it was designed for (224 or 32). */
    public int inputSize() {
        return inputSize;
    }

    /** The parameter count with the original head, counted as {@link #counting()} says. */
    public long publishedParameters() {
        return publishedParameters;
    }

    /** How {@link #publishedParameters()} counts. */
    public Counting counting() {
        return counting;
    }

    /** The parameter count of {@code model} as this architecture's source would count it. */
    public long countAsPublished(ImageClassifier model) {
        return model.parameterCount() + (counting == Counting.KERAS ? model.bufferCount() : 0);
    }

    /** A new, randomly initialised model with the original head. */
    public ImageClassifier build() {
        return factory.get();
    }

    /** The architecture called {@code id} (as printed by {@code ./course models}). */
    public static Architecture byId(String id) {
        for (Architecture a : values()) {
            if (a.id.equalsIgnoreCase(id)) {
                return a;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Architecture a : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(a.id);
        }
        throw new IllegalArgumentException("Unknown model '" + id + "'; known: " + known);
    }
}
