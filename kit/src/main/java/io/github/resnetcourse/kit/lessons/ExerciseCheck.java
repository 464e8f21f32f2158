package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.notebook.RunMode;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Metric;
import io.github.resnetcourse.kit.train.Mode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Automatic checks for the lessons' exercises. Each method prints a line starting with ✓ when the
 * student's result is what the exercise asks for, and otherwise throws an {@link AssertionError}
 * whose message says what was expected, what was found and what to try. (The notebook kernel runs
 * without {@code -ea}, so Java's {@code assert} would check nothing.)
 *
 * <pre>{@code
 * ExerciseCheck.stageEpochs(history, "frozen", 10);        // 02, exercise 1
 * ExerciseCheck.ahead("ImageNet weights", pretrained, "random init", scratch, Metric.VALID_ACCURACY);
 * }</pre>
 *
 * <p>Checks compare what a run recorded (a {@link History}, a model's weights, a tensor) with what
 * the exercise asked for; they do not judge accuracies that depend on how long a student trained.
 */
public final class ExerciseCheck {
    private ExerciseCheck() {}

    /** The array has exactly the shape {@code expected} (00, exercise 3: aᵀ·a is 3×3). */
    public static void shape(NDArray array, long... expected) {
        Shape want = new Shape(expected);
        if (!array.getShape().equals(want)) {
            throw new AssertionError(
                    "Expected shape "
                            + want
                            + " but the array has shape "
                            + array.getShape()
                            + ". A matrix product (n×k)·(k×m) is n×m: check which side the"
                            + " transpose is on.");
        }
        pass("shape " + want);
    }

    /** The kernel reads {@code expected} as its run mode (00, exercise 2). */
    public static void runMode(Env env, RunMode expected) {
        if (env.mode() != expected) {
            throw new AssertionError(
                    "The kernel runs in "
                            + env.mode()
                            + " mode, not "
                            + expected
                            + ". A kernel inherits COURSE_MODE from the Jupyter server that starts"
                            + " it: stop JupyterLab and start it again with COURSE_MODE="
                            + expected.name().toLowerCase(Locale.ROOT)
                            + " ./course lab.");
        }
        pass("run mode " + expected);
    }

    /**
     * The history has {@code expected} epochs in stage {@code stage} (02, exercise 1: 10 frozen
     * epochs). In smoke mode the run mode caps every fit, so the check accepts the capped count.
     * Reads the notebook's run mode ({@link Env#current()}).
     */
    public static void stageEpochs(History history, String stage, int expected) {
        stageEpochs(Env.current(), history, stage, expected);
    }

    /**
     * {@link #stageEpochs(History, String, int)} under {@code env}'s run mode: its epoch cap
     * ({@link Env#maxEpochs()}) makes the capped count acceptable too.
     */
    public static void stageEpochs(Env env, History history, String stage, int expected) {
        long found = history.epochs().stream().filter(e -> e.stage().equals(stage)).count();
        int capped = env.maxEpochs().map(c -> Math.min(c, expected)).orElse(expected);
        if (found != expected && found != capped) {
            throw new AssertionError(
                    String.format(
                            Locale.ROOT,
                            "Expected %d epochs in stage '%s' but the history has %d (stages"
                                    + " recorded: %s). Call learner.setStage(\"%s\") before the"
                                    + " fit of that stage and pass it %d epochs.",
                            expected,
                            stage,
                            found,
                            history.stages().stream().distinct().toList(),
                            stage,
                            expected));
        }
        pass(found + " epochs in stage '" + stage + "'");
    }

    /**
     * Epoch {@code epoch} (1-based, as the history numbers it) trained at learning rate {@code
     * expected}, within 0.1 % (02, exercise 2: 1e-3 kept after unfreezing).
     */
    public static void learningRate(History history, int epoch, double expected) {
        EpochRecord e = epoch(history, epoch);
        if (Math.abs(e.lr() - expected) > 1e-3 * Math.abs(expected)) {
            throw new AssertionError(
                    String.format(
                            Locale.ROOT,
                            "Epoch %d trained at learning rate %.3g, expected %.3g. Set the rate"
                                    + " with learner.setLearningRate(...) before that fit (a"
                                    + " schedule may also have changed it).",
                            epoch,
                            e.lr(),
                            expected));
        }
        pass(String.format(Locale.ROOT, "epoch %d trained at learning rate %.3g", epoch, e.lr()));
    }

    /**
     * Every epoch of stage {@code stage} trained at the same learning rate (03, exercise 2: stage 1
     * without a scheduler, {@code LrSchedule.constant()}).
     */
    public static void constantLearningRate(History history, String stage) {
        double[] rates =
                history.epochs().stream()
                        .filter(e -> e.stage().equals(stage))
                        .mapToDouble(EpochRecord::lr)
                        .toArray();
        if (rates.length == 0) {
            throw new AssertionError(
                    "No epoch of stage '"
                            + stage
                            + "' in the history; its stages are "
                            + history.stages().stream().distinct().toList()
                            + ".");
        }
        for (double r : rates) {
            if (r != rates[0]) {
                throw new AssertionError(
                        "The learning rate changed during stage '"
                                + stage
                                + "': "
                                + Arrays.toString(rates)
                                + ". Train that stage with optSchedule(LrSchedule.constant())"
                                + " (or fit(epochs, LrSchedule.constant())).");
            }
        }
        pass(
                String.format(
                        Locale.ROOT,
                        "stage '%s' kept learning rate %.3g for %d epochs",
                        stage,
                        rates[0],
                        rates.length));
    }

    /**
     * Run {@code better} ends ahead of run {@code worse} on {@code metric} (its best value over the
     * run, in the metric's direction): the baseline exercises' expected outcome, e.g. ImageNet
     * weights versus random initialisation.
     */
    public static void ahead(
            String betterName, History better, String worseName, History worse, Metric metric) {
        double b = best(better, metric, betterName);
        double w = best(worse, metric, worseName);
        boolean ahead = metric.naturalMode() == Mode.MIN ? b < w : b > w;
        if (!ahead) {
            throw new AssertionError(
                    String.format(
                            Locale.ROOT,
                            "Expected '%s' to beat '%s' on %s, but its best is %s against %s."
                                    + " Did both runs use the same data, epochs and learning rate,"
                                    + " and only the starting weights differ?",
                            betterName,
                            worseName,
                            metric.label().toLowerCase(Locale.ROOT),
                            format(metric, b),
                            format(metric, w)));
        }
        pass(
                String.format(
                        Locale.ROOT,
                        "%s: '%s' %s, '%s' %s",
                        metric.label(),
                        betterName,
                        format(metric, b),
                        worseName,
                        format(metric, w)));
    }

    /**
     * Two numbers the exercise says must agree do, within {@code tolerance} (03, exercise 4: the
     * same loss from logits with cross-entropy and from log-probabilities with NLL).
     */
    public static void close(String what, double actual, double expected, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new AssertionError(
                    String.format(
                            Locale.ROOT,
                            "%s: %.6g and %.6g differ by %.3g, more than %.3g.",
                            what,
                            actual,
                            expected,
                            Math.abs(actual - expected),
                            tolerance));
        }
        pass(String.format(Locale.ROOT, "%s: %.6g ≈ %.6g", what, actual, expected));
    }

    /**
     * The weight of {@code layer} in {@code adapted} is the {@code window} slice of the same
     * layer's weight in {@code source} (02, exercise 3: the seed's corner window {@code ":, :, 1:4,
     * 1:4"} instead of the centre).
     */
    public static void kernelWindow(
            ImageClassifier adapted, ImageClassifier source, String layer, String window) {
        NDArray now = weight(adapted, layer);
        NDArray old = weight(source, layer);
        try (NDArray slice = old.get(new NDIndex(window))) {
            if (!slice.getShape().equals(now.getShape())
                    || !Arrays.equals(slice.toFloatArray(), now.toFloatArray())) {
                throw new AssertionError(
                        "The weight of "
                                + layer
                                + " "
                                + now.getShape()
                                + " is not the window ["
                                + window
                                + "] of the pretrained "
                                + old.getShape()
                                + " kernels. Build the model with"
                                + " AlexNets.adapt(...).copyKernelWindow(\""
                                + layer
                                + "\", \""
                                + window
                                + "\").");
            }
        }
        pass(layer + ".weight is the pretrained kernels' window [" + window + "]");
    }

    private static NDArray weight(ImageClassifier model, String layer) {
        Parameter p = model.namedParameters().get(layer + ".weight");
        if (p == null) {
            List<String> names =
                    model.namedParameters().keySet().stream()
                            .filter(n -> n.endsWith(".weight"))
                            .limit(6)
                            .toList();
            throw new AssertionError(
                    "No parameter '"
                            + layer
                            + ".weight' in "
                            + model.name()
                            + "; its first weights are "
                            + names
                            + ".");
        }
        return p.getArray();
    }

    private static EpochRecord epoch(History history, int epoch) {
        return history.epochs().stream()
                .filter(e -> e.epoch() == epoch)
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "The history has no epoch "
                                                + epoch
                                                + "; it has "
                                                + history.epochs().size()
                                                + " epochs."));
    }

    private static double best(History history, Metric metric, String name) {
        return history.best(metric)
                .map(metric::of)
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "Run '" + name + "' has no validated epoch to compare."));
    }

    private static String format(Metric metric, double v) {
        return metric == Metric.VALID_ACCURACY || metric == Metric.TRAIN_ACCURACY
                ? String.format(Locale.ROOT, "%.1f %%", 100 * v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void pass(String message) {
        System.out.println("✓ " + message);
    }
}
