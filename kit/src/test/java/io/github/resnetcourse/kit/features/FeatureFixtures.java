package io.github.resnetcourse.kit.features;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.CenterCrop;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.data.transform.RandomCrop;
import io.github.resnetcourse.kit.data.transform.RandomFlip;
import io.github.resnetcourse.kit.data.transform.Resize;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import io.github.resnetcourse.kit.train.Reproducibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated Flowers-102-format JPEG folders (3 classes, 8 training and 2 validation images each, 40
 * px) read by the real {@link ImageFolder}, and a small CIFAR ResNet whose body makes 64 features:
 * the pieces the feature-cache tests share (the learner's cached frozen stage, in {@code train},
 * too).
 */
public final class FeatureFixtures {
    public static final long SEED = 11;
    public static final int BATCH = 4;

    private FeatureFixtures() {}

    public static void generate(Path root) throws IOException {
        SyntheticData.builder()
                .setRoot(root)
                .optFlowerClasses(3)
                .optFlowersPerClass(8, 2)
                .optFlowerSize(40)
                .build()
                .writeFlowers102();
    }

    /** Resize, centre crop, normalise: the evaluation pipeline at 32 px. */
    public static ImagePipeline evaluation() {
        return ImagePipeline.of(Resize.shorterSide(36), new CenterCrop(32), Normalize.IMAGENET);
    }

    /** Random crop and flip: an augmenting training pipeline at 32 px. */
    public static ImagePipeline augmenting() {
        return ImagePipeline.of(
                Resize.shorterSide(36),
                new RandomCrop(32, 0),
                RandomFlip.horizontal(0.5),
                Normalize.IMAGENET);
    }

    public static ImageFolder folder(
            Path root, String split, ImagePipeline pipeline, boolean shuffle) {
        try {
            return ImageFolder.builder()
                    .setRoot(root.resolve("flower_data").resolve(split))
                    .optTransform(pipeline)
                    .optSeed(SEED)
                    .optWorkers(0)
                    .setSampling(BATCH, shuffle)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same initial weights every time. */
    public static ImageClassifier model() {
        Reproducibility.seed(SEED);
        return ResNets.cifar(8, Shortcuts.RESIDUAL);
    }

    /** Copies of the head's parameter values, in order. */
    public static List<float[]> values(ai.djl.nn.Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    public static double maxAbsDifference(List<float[]> a, List<float[]> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
        }
        return max;
    }

    /** Runs {@code action} and returns what it printed on stdout (still echoed). */
    public static String stdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
