package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One row per training stage of a run ("frozen", then "unfrozen"): its epochs, the validation
 * accuracy after its last epoch and at its best, and its seconds per epoch — the numbers a lesson's
 * "what you saw" quotes after a staged fine-tune (lesson 03's two stages).
 *
 * <p>A stage is a run of consecutive epochs with the same stage label, in the order trained; a
 * label that comes back later (frozen, unfrozen, frozen) is a new row.
 *
 * @param stages the stages, in training order
 */
public record StageSummary(List<StageRow> stages) {

    /**
     * One stage of a run.
     *
     * @param label the stage label the epochs were recorded with
     * @param firstEpoch its first epoch (1-based, counted over the whole run)
     * @param lastEpoch its last epoch
     * @param lastAccuracy validation accuracy after its last epoch (0..1)
     * @param bestAccuracy its best validation accuracy (0..1)
     * @param bestEpoch the epoch of that best
     * @param secondsPerEpoch mean wall-clock seconds per epoch (training plus validation)
     */
    public record StageRow(
            String label,
            int firstEpoch,
            int lastEpoch,
            double lastAccuracy,
            double bestAccuracy,
            int bestEpoch,
            double secondsPerEpoch) {

        /** How many epochs the stage ran. */
        public int epochs() {
            return lastEpoch - firstEpoch + 1;
        }
    }

    /** Copies the list. */
    public StageSummary {
        stages = List.copyOf(stages);
    }

    /**
     * The stages of {@code history}.
     *
     * @throws IllegalArgumentException if the history has no epochs or an epoch was not validated
     */
    public static StageSummary of(History history) {
        List<EpochRecord> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("The history has no epochs: train first.");
        }
        List<StageRow> stages = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= epochs.size(); i++) {
            if (i == epochs.size() || !epochs.get(i).stage().equals(epochs.get(start).stage())) {
                stages.add(stage(epochs.subList(start, i)));
                start = i;
            }
        }
        return new StageSummary(stages);
    }

    private static StageRow stage(List<EpochRecord> run) {
        for (EpochRecord e : run) {
            if (!e.validated()) {
                throw new IllegalArgumentException(
                        "Epoch "
                                + e.epoch()
                                + " has no validation accuracy: give the learner validation data"
                                + " (setData(train, valid)).");
            }
        }
        // The first of equally good epochs, as the checkpoint keeps it (it saves on improvement).
        EpochRecord best =
                run.stream()
                        .max(
                                Comparator.comparingDouble(EpochRecord::validAccuracy)
                                        .thenComparing(
                                                Comparator.comparingInt(EpochRecord::epoch)
                                                        .reversed()))
                        .orElseThrow();
        EpochRecord last = run.get(run.size() - 1);
        return new StageRow(
                last.stage(),
                run.get(0).epoch(),
                last.epoch(),
                last.validAccuracy(),
                best.validAccuracy(),
                best.epoch(),
                run.stream().mapToDouble(EpochRecord::seconds).average().orElse(0));
    }

    /** The stage table in Markdown. */
    public String markdown() {
        StringBuilder md =
                new StringBuilder(
                        "| stage | epochs | validation accuracy after the last epoch | best (epoch)"
                                + " | seconds per epoch |\n|---|---|---|---|---|\n");
        for (StageRow s : stages) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d (%d–%d) | %.1f %% | %.1f %% (%d) | %.1f |%n",
                            s.label(),
                            s.epochs(),
                            s.firstEpoch(),
                            s.lastEpoch(),
                            100 * s.lastAccuracy(),
                            100 * s.bestAccuracy(),
                            s.bestEpoch(),
                            s.secondsPerEpoch()));
        }
        return md.toString();
    }

    /** Shows the stage table below the running cell. */
    public DisplayHandle show() {
        String md = markdown();
        return Notebook.show(MimeBundle.of(MimeBundle.MARKDOWN, md, md));
    }

    @Override
    public String toString() {
        return markdown();
    }
}
