package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.plot.Chart;
import io.github.resnetcourse.kit.plot.Charts;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Metric;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of lesson 01's demo: the same network trained on the downstream task from random
 * initialisation and from upstream-pretrained weights, with the numbers the lesson's summary
 * quotes.
 */
public final class TransferComparison {
    private final GeneratedTask task;
    private final History fromScratch;
    private final History pretrained;
    private final History upstream;

    TransferComparison(
            GeneratedTask task, History upstream, History fromScratch, History pretrained) {
        this.task = Objects.requireNonNull(task, "task");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.fromScratch = Objects.requireNonNull(fromScratch, "fromScratch");
        this.pretrained = Objects.requireNonNull(pretrained, "pretrained");
    }

    /** The downstream run that started from random weights. */
    public History fromScratch() {
        return fromScratch;
    }

    /** The downstream run that started from the upstream-pretrained backbone. */
    public History pretrained() {
        return pretrained;
    }

    /** The upstream (pretraining) run. */
    public History upstream() {
        return upstream;
    }

    /** Downstream test accuracy (0..1) after each epoch, from random weights. */
    public double[] scratchAccuracy() {
        return fromScratch.validAccuracy();
    }

    /** Downstream test accuracy (0..1) after each epoch, from pretrained weights. */
    public double[] pretrainedAccuracy() {
        return pretrained.validAccuracy();
    }

    /**
     * The first epoch (1-based) at which {@code history}'s test accuracy reached {@code accuracy},
     * or empty if it never did.
     */
    public static OptionalInt epochsToReach(History history, double accuracy) {
        double[] acc = history.validAccuracy();
        for (int i = 0; i < acc.length; i++) {
            if (acc[i] >= accuracy) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The summary as Markdown: both runs' accuracy after the first and the last epoch, their best,
     * and how many epochs each needed to reach the best accuracy the random start achieved.
     */
    public String summaryMarkdown() {
        double scratchBest = best(fromScratch);
        double pretrainedBest = best(pretrained);
        OptionalInt scratchEpochs = epochsToReach(fromScratch, scratchBest);
        OptionalInt pretrainedEpochs = epochsToReach(pretrained, scratchBest);
        StringBuilder md = new StringBuilder();
        md.append("**Upstream** (")
                .append(epochText(OptionalInt.of(upstream.epochs().size())))
                .append("): test accuracy ")
                .append(pct(last(upstream)))
                .append(" on the upstream task.\n\n");
        md.append("**Downstream** — ").append(task).append(":\n\n");
        md.append("| start | after epoch 1 | after the last epoch | best | epochs run |\n");
        md.append("|---|---|---|---|---|\n");
        row(md, "random initialisation", fromScratch);
        row(md, "upstream-pretrained", pretrained);
        md.append('\n');
        md.append("The random start's best test accuracy was ")
                .append(pct(scratchBest))
                .append(", reached after ")
                .append(epochText(scratchEpochs))
                .append("; the pretrained start ");
        if (pretrainedEpochs.isPresent()) {
            md.append("reached it after ").append(epochText(pretrainedEpochs)).append('.');
        } else {
            md.append("did not reach it in this run.");
        }
        if (pretrainedBest > scratchBest) {
            md.append(" Pretraining raised the best accuracy by ")
                    .append(
                            String.format(
                                    Locale.ROOT, "%.1f", 100 * (pretrainedBest - scratchBest)))
                    .append(" percentage points.");
        }
        return md.toString();
    }

    /** Both runs' downstream test accuracy per epoch on one chart. */
    public Chart overlayChart() {
        return Charts.compareAccuracy(
                "Downstream test accuracy: random start vs pretrained start",
                "random initialisation",
                fromScratch,
                "upstream-pretrained",
                pretrained);
    }

    /** Shows {@link #summaryMarkdown()} in the notebook (plain text on a console). */
    public void showSummary() {
        String md = summaryMarkdown();
        Notebook.show(MimeBundle.of(MimeBundle.MARKDOWN, md, md));
    }

    @Override
    public String toString() {
        return summaryMarkdown();
    }

    private static void row(StringBuilder md, String name, History h) {
        List<EpochRecord> epochs = h.epochs();
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(pct(epochs.isEmpty() ? Double.NaN : epochs.get(0).validAccuracy()))
                .append(" | ")
                .append(pct(last(h)))
                .append(" | ")
                .append(pct(best(h)))
                .append(" | ")
                .append(epochs.size())
                .append(" |\n");
    }

    private static double last(History h) {
        return h.last().map(EpochRecord::validAccuracy).orElse(Double.NaN);
    }

    private static double best(History h) {
        return h.best(Metric.VALID_ACCURACY).map(EpochRecord::validAccuracy).orElse(Double.NaN);
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static String epochText(OptionalInt epochs) {
        if (epochs.isEmpty()) {
            return "—";
        }
        int n = epochs.getAsInt();
        return n + (n == 1 ? " epoch" : " epochs");
    }
}
