package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The published pretrained weights the lessons use, as typed values in the manner of torchvision's
 * {@code ResNet18_Weights.IMAGENET1K_V1}: where the file comes from, how to verify it, how big it
 * is and how well it classifies ImageNet.
 *
 * <pre>{@code
 * ImageClassifier net = Weights.RESNET18_IMAGENET1K_V1.load().withHead(Head.linear(10));
 * }</pre>
 */
public enum Weights {
    /** torchvision ResNet-18, ImageNet-1k, original recipe. */
    RESNET18_IMAGENET1K_V1(
            Architecture.RESNET18,
            "https://download.pytorch.org/models/resnet18-f37072fd.pth",
            Digest.SHA256_PREFIX,
            "f37072fd",
            44.661,
            69.758,
            89.078),
    /** torchvision ResNet-50, ImageNet-1k, original recipe. */
    RESNET50_IMAGENET1K_V1(
            Architecture.RESNET50,
            "https://download.pytorch.org/models/resnet50-0676ba61.pth",
            Digest.SHA256_PREFIX,
            "0676ba61",
            97.781,
            76.130,
            92.862),
    /** torchvision ResNet-152, ImageNet-1k, original recipe. */
    RESNET152_IMAGENET1K_V1(
            Architecture.RESNET152,
            "https://download.pytorch.org/models/resnet152-394f9c45.pth",
            Digest.SHA256_PREFIX,
            "394f9c45",
            230.434,
            78.312,
            94.046),
    /** torchvision AlexNet, ImageNet-1k ("one weird trick" variant). */
    ALEXNET_IMAGENET1K_V1(
            Architecture.ALEXNET,
            "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth",
            Digest.SHA256_PREFIX,
            "7be5be79",
            233.087,
            56.522,
            79.066),
    /** Keras ResNet50V2 with its 1000-class top, as {@code keras.applications} downloads it. */
    RESNET50V2_IMAGENET(
            Architecture.RESNET50_V2,
            "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                    + "resnet50v2_weights_tf_dim_ordering_tf_kernels.h5",
            Digest.MD5,
            "3ef43a0b657b3be2300d5770ece849e0",
            98,
            76.0,
            93.0);

    /** How a publisher states a file's checksum. */
    public enum Digest {
        /**
         * The first hex digits of the SHA-256, in the file name (torchvision; {@code torch.hub}
         * checks the same prefix).
         */
        SHA256_PREFIX,
        /** A full MD5 (Keras' {@code file_hash}). */
        MD5
    }

    private final Architecture architecture;
    private final String url;
    private final Digest digest;
    private final String expectedHex;
    private final double megabytes;
    private final double top1;
    private final double top5;

    Weights(
            Architecture architecture,
            String url,
            Digest digest,
            String expectedHex,
            double megabytes,
            double top1,
            double top5) {
        this.architecture = architecture;
        this.url = url;
        this.digest = digest;
        this.expectedHex = expectedHex;
        this.megabytes = megabytes;
        this.top1 = top1;
        this.top5 = top5;
    }

    /** The architecture these weights belong to. */
    public Architecture architecture() {
        return architecture;
    }

    /** The short name for {@code ./course weights fetch NAME}: the architecture's id. */
    public String id() {
        return architecture.id();
    }

    /** Where the publisher serves the file. */
    public String url() {
        return url;
    }

    /** The file name (the last part of the URL). */
    public String fileName() {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** How the checksum is stated. */
    public Digest digest() {
        return digest;
    }

    /** The published checksum (a SHA-256 prefix or a full MD5), lower-case hex. */
    public String expectedHex() {
        return expectedHex;
    }

    /** The file's size in MiB as the publisher lists it. */
    public double megabytes() {
        return megabytes;
    }

    /** The size for messages, e.g. {@code 44.7 MB}. */
    public String sizeText() {
        return String.format(Locale.ROOT, "%.1f MB", megabytes);
    }

    /** The publisher's ImageNet-1k top-1 accuracy (%). */
    public double top1() {
        return top1;
    }

    /** The publisher's ImageNet-1k top-5 accuracy (%). */
    public double top5() {
        return top5;
    }

    /** Where the file lives under {@code env}'s weights folder. */
    public Path file(Env env) {
        return file(WeightsLocation.of(env));
    }

    /** Where the file lives in {@code location}. */
    public Path file(WeightsLocation location) {
        return location.file(this);
    }

    /** Whether the file is present (not verified; see {@link #verify(Path)}). */
    public boolean isPresent(Env env) {
        return isPresent(WeightsLocation.of(env));
    }

    /**
     * Whether the file is present in {@code location} (not verified; see {@link #verify(Path)}).
     */
    public boolean isPresent(WeightsLocation location) {
        return Files.isRegularFile(file(location));
    }

    /** The command that fetches the file. */
    public String fetchCommand() {
        return "./course weights fetch " + id();
    }

    /** The weights for {@code architecture}, if the kit knows published ones. */
    public static java.util.Optional<Weights> forArchitecture(Architecture architecture) {
        for (Weights w : values()) {
            if (w.architecture == architecture) {
                return java.util.Optional.of(w);
            }
        }
        return java.util.Optional.empty();
    }

    /** The weights called {@code id} ({@code resnet18} …), with the known names on error. */
    public static Weights byId(String id) {
        for (Weights w : values()) {
            if (w.id().equalsIgnoreCase(id) || w.name().equalsIgnoreCase(id)) {
                return w;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Weights w : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(w.id());
        }
        throw new IllegalArgumentException(
                "No pretrained weights called '" + id + "'; known: " + known);
    }

    /** Whether {@code file}'s digest matches the published checksum (reads the whole file). */
    public boolean verify(Path file) throws IOException {
        return digestMatches(digest, expectedHex, file);
    }

    /** Whether {@code file}'s digest starts with {@code expectedHex} (equals it for MD5). */
    static boolean digestMatches(Digest digest, String expectedHex, Path file) throws IOException {
        String algorithm = digest == Digest.MD5 ? "MD5" : "SHA-256";
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest()).startsWith(expectedHex);
    }

    /** {@link #load(Env)} with the notebook's environment ({@link Env#current()}). */
    public ImageClassifier load() {
        return load(Env.current());
    }

    /**
     * A new model of {@link #architecture()} with these weights, read from the weights folder. In a
     * smoke run (CI, generated data) or, announced loudly, a laptop run without the file, the model
     * is loaded from a generated twin of the file instead ({@link WeightTwin}: the exact
     * torchvision keys and shapes, seeded random values, under {@code <synth>/weights/}, announced
     * on stdout), through the same reader.
     *
     * @throws MissingWeightsException naming the fetch command and size if the file is absent in a
     *     full run
     * @throws WeightFormatException if the file is damaged or does not fit
     */
    public ImageClassifier load(Env env) {
        return load(WeightsLocation.of(env));
    }

    /**
     * A new model of {@link #architecture()} with these weights, read from {@code location}'s
     * folder; without the file, from a generated twin if {@code location} allows twins ({@link
     * WeightsLocation#twins()}), otherwise a {@link MissingWeightsException}.
     *
     * @throws MissingWeightsException naming the fetch command and size if the file is absent and
     *     no twin may stand in
     * @throws WeightFormatException if the file is damaged or does not fit
     */
    public ImageClassifier load(WeightsLocation location) {
        Path file = file(location);
        if (!Files.isRegularFile(file)) {
            WeightsLocation.Twins twins =
                    location.twins().orElseThrow(() -> new MissingWeightsException(this, file));
            if (twins.notice() == WeightsLocation.TwinNotice.LOUD) {
                // Laptop mode runs on, so that the lesson still runs and can be timed, but must
                // never pass generated weights off as ImageNet's.
                System.out.println(
                        "LAPTOP MODE WITHOUT THE REAL WEIGHTS: "
                                + file
                                + " is missing, so this run uses generated random weights:"
                                + " what the lesson says about pretrained features does not"
                                + " hold for it. Fetch the real ones with: "
                                + fetchCommand());
            }
            return loadFrom(WeightTwin.ensure(this, twins.folder(), twins.seed()));
        }
        return loadFrom(file);
    }

    /**
     * What a lesson should run on; the same as {@link #load(Env)}: the real file when present, its
     * generated twin in a smoke run without it, {@link MissingWeightsException} in a full run
     * without it.
     */
    public ImageClassifier loadForRun(Env env) {
        return load(env);
    }

    /** A new model of {@link #architecture()} with the weights in {@code file}. */
    public ImageClassifier loadFrom(Path file) {
        ImageClassifier model = architecture.build();
        try {
            if (fileName().endsWith(".h5")) {
                WeightLoader.loadH5(model, file);
            } else {
                WeightLoader.loadPth(model, file);
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
