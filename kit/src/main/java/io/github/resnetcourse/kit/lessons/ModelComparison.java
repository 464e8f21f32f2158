package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Lesson 02's comparison of fine-tuned models: one row per model with its parameters, seconds per
 * epoch, best and final test accuracy and the epoch of the best, and the closing summary built from
 * those numbers.
 */
public final class ModelComparison {
    /** One compared run. */
    public record Entry(String name, long parameters, History history) {
        /** Validates the entry. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(history, "history");
            if (history.epochs().isEmpty()) {
                throw new IllegalArgumentException(
                        "the history of '" + name + "' has no epochs: train the model first");
            }
        }

        /** The epoch with the best test accuracy. */
        public EpochRecord best() {
            return history.best(Metric.VALID_ACCURACY).orElseThrow();
        }

        /** The last epoch. */
        public EpochRecord last() {
            return history.last().orElseThrow();
        }

        /** Mean wall-clock seconds per epoch. */
        public double secondsPerEpoch() {
            return history.epochs().stream().mapToDouble(EpochRecord::seconds).average().orElse(0);
        }
    }

    private final List<Entry> entries;

    private ModelComparison(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A builder; add at least one run. */
    public static Builder builder() {
        return new Builder();
    }

    /** The compared runs, in the order added. */
    public List<Entry> entries() {
        return entries;
    }

    /** The table as Markdown. */
    public String tableMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| model | parameters | epochs | seconds / epoch | best test accuracy |")
                .append(" epoch of best | final test accuracy |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Entry e : entries) {
            md.append("| ")
                    .append(e.name())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", e.parameters()))
                    .append(" | ")
                    .append(e.history().epochs().size())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", e.secondsPerEpoch()))
                    .append(" | ")
                    .append(pct(e.best().validAccuracy()))
                    .append(" | ")
                    .append(e.best().epoch())
                    .append(" | ")
                    .append(pct(e.last().validAccuracy()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** Shows the table in the notebook (Markdown; plain text on a console). */
    public void showTable() {
        String md = tableMarkdown();
        Notebook.show(MimeBundle.of(MimeBundle.MARKDOWN, md, md));
    }

    /**
     * The closing "what you saw" paragraph, every number from the runs. In smoke mode it says that
     * the numbers come from generated data and weights and mean nothing about CIFAR-10.
     */
    public String summaryMarkdown(Env env) {
        StringBuilder md = new StringBuilder();
        if (env.isSmoke()) {
            md.append("> **Smoke run**: generated CIFAR-format images and generated weight files,")
                    .append(" a few batches per epoch. These numbers only show that every step")
                    .append(" ran; they say nothing about CIFAR-10 or about pretraining.\n\n");
        }
        for (Entry e : entries) {
            List<EpochRecord> epochs = e.history().epochs();
            md.append("- **")
                    .append(e.name())
                    .append("** (")
                    .append(String.format(Locale.ROOT, "%,d", e.parameters()))
                    .append(" parameters): test accuracy ")
                    .append(pct(epochs.get(0).validAccuracy()))
                    .append(" after epoch 1, best ")
                    .append(pct(e.best().validAccuracy()))
                    .append(" at epoch ")
                    .append(e.best().epoch())
                    .append(", final ")
                    .append(pct(e.last().validAccuracy()))
                    .append(" after ")
                    .append(epochs.size())
                    .append(epochs.size() == 1 ? " epoch" : " epochs")
                    .append(String.format(Locale.ROOT, " (%.1f s per epoch)", e.secondsPerEpoch()));
            trainBelowTest(e).ifPresent(md::append);
            md.append(";\n");
        }
        Entry winner =
                entries.stream()
                        .max(
                                (a, b) ->
                                        Double.compare(
                                                a.best().validAccuracy(), b.best().validAccuracy()))
                        .orElseThrow();
        md.append("\nBest test accuracy: **")
                .append(winner.name())
                .append("**, ")
                .append(pct(winner.best().validAccuracy()))
                .append(". The seed reports more than 80 % for ResNet18 on real CIFAR-10 after")
                .append(" unfreezing.\n");
        return md.toString();
    }

    /** Shows {@link #summaryMarkdown(Env)} in the notebook. */
    public void showSummary(Env env) {
        String md = summaryMarkdown(env);
        Notebook.show(MimeBundle.of(MimeBundle.MARKDOWN, md, md));
    }

    @Override
    public String toString() {
        return tableMarkdown();
    }

    /** How many epochs had training accuracy below test accuracy (the seed's remark). */
    private static java.util.Optional<String> trainBelowTest(Entry e) {
        long below =
                e.history().epochs().stream()
                        .filter(r -> r.trainAccuracy() < r.validAccuracy())
                        .count();
        if (below == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                "; training accuracy was below test accuracy in "
                        + below
                        + " of "
                        + e.history().epochs().size()
                        + " epochs");
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** Builds a {@link ModelComparison}. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {}

        /** Adds a trained classifier's run; its parameter count is taken from the model. */
        public Builder add(String name, ImageClassifier model, History history) {
            entries.add(new Entry(name, model.parameterCount(), history));
            return this;
        }

        /** Adds a run with an explicit parameter count. */
        public Builder add(String name, long parameters, History history) {
            entries.add(new Entry(name, parameters, history));
            return this;
        }

        /** The comparison; fails without runs. */
        public ModelComparison build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("add at least one run before build()");
            }
            return new ModelComparison(entries);
        }
    }
}
