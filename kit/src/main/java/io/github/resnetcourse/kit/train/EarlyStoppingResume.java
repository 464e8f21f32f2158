package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a resumed learner's {@link EarlyStopping} callbacks find their saved state: by metric, in
 * order, among the checkpoint's {@code early_stopping/i} parts. Apart from {@link Checkpoint}
 * because the matching and its notes are the one part of a resume with choices to explain.
 */
final class EarlyStoppingResume {
    private EarlyStoppingResume() {}

    /**
     * Gives each of the learner's {@link EarlyStopping} callbacks the stored state of the saved
     * run's callback on the same metric (the first stored to the first such callback, and so on); a
     * callback or a stored state without a partner is named in a note and the run goes on.
     */
    static void continueFrom(Checkpoint ckpt, Learner learner) {
        Path file = ckpt.file();
        int version = ckpt.version();
        List<EarlyStopping> live = Checkpoint.earlyStoppers(learner);
        if (version < 3) {
            for (EarlyStopping es : live) {
                System.out.println(
                        "Note: checkpoint "
                                + file
                                + " was written by an earlier kit (format v"
                                + version
                                + ") and holds no early-stopping state; EarlyStopping on "
                                + label(es.metric())
                                + " starts afresh.");
                es.reset();
            }
            return;
        }
        List<EarlyStopping> unmatched = new ArrayList<>(live);
        for (int i = 0; ckpt.has(CheckpointParts.earlyStopping(i)); i++) {
            String part = CheckpointParts.earlyStopping(i);
            EarlyStopping.Saved s = ckpt.part(part, EarlyStopping.Saved.class);
            EarlyStopping es =
                    unmatched.stream().filter(c -> c.metric() == s.metric).findFirst().orElse(null);
            if (es == null) {
                System.out.println(
                        "Note: checkpoint "
                                + file
                                + " holds early stopping on "
                                + s.describe()
                                + ", but the learner has no EarlyStopping on that metric; the run"
                                + " goes on without it.");
                continue;
            }
            unmatched.remove(es);
            es.loadState(s, ckpt.epoch(), learner, () -> storedBestWeights(ckpt, learner, part));
        }
        for (EarlyStopping es : unmatched) {
            System.out.println(
                    "Note: checkpoint "
                            + file
                            + " holds no state for the learner's EarlyStopping on "
                            + label(es.metric())
                            + "; it starts afresh.");
            es.reset();
        }
    }

    /** Early stopping's best weights stored under {@code part}, checked against the model. */
    private static WeightsSnapshot storedBestWeights(
            Checkpoint ckpt, Learner learner, String part) {
        Path file = ckpt.file();
        Map<String, Parameter> model = ModelWeights.byName(learner.block());
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> stored = ckpt.parameterArrays(part, scratch);
            for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                var p = model.get(e.getKey());
                if (p == null || !p.getArray().getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + ": early stopping's best weights for '"
                                    + e.getKey()
                                    + "' do not fit the model; the file is corrupt.");
                }
            }
            if (!stored.keySet().equals(model.keySet())) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + " holds early stopping's best weights for "
                                + stored.size()
                                + " of the model's "
                                + model.size()
                                + " parameters; the file is corrupt.");
            }
            return WeightsSnapshot.of(stored, learner.model().getNDManager());
        }
    }

    private static String label(Metric metric) {
        return metric.label().toLowerCase(Locale.ROOT);
    }
}
