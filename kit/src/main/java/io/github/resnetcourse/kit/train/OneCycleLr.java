package io.github.resnetcourse.kit.train;

import java.util.Locale;
import java.util.Map;

/**
 * PyTorch's {@code OneCycleLR} (two phases, stepped after every optimizer step): the rate rises
 * from {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of the run, then
 * anneals to {@code maxLr / divFactor / finalDivFactor}. The total length defaults to the epochs
 * and batches of the {@code fit} it is attached to.
 *
 * <p>PyTorch also cycles the optimizer's momentum (Adam's β1) inversely; DJL's optimizers fix β1 at
 * construction, so only the learning rate follows the cycle here.
 */
public final class OneCycleLr implements LrSchedule {
    /** How the rate moves between the phase end points. */
    public enum Anneal {
        /** Half a cosine (PyTorch's default {@code anneal_strategy='cos'}). */
        COS,
        /** A straight line ({@code anneal_strategy='linear'}). */
        LINEAR
    }

    private final double maxLr;
    private final Integer fixedTotal;
    private final double pctStart;
    private final Anneal anneal;
    private final double divFactor;
    private final double finalDivFactor;
    private int total;
    private int step;

    private OneCycleLr(
            double maxLr,
            Integer total,
            double pctStart,
            Anneal anneal,
            double divFactor,
            double finalDivFactor) {
        SteppedSchedule.requirePositive("OneCycleLR max_lr", maxLr);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException(
                    "OneCycleLR pct_start=" + pctStart + " must be in (0, 1).");
        }
        SteppedSchedule.requirePositive("OneCycleLR div_factor", divFactor);
        SteppedSchedule.requirePositive("OneCycleLR final_div_factor", finalDivFactor);
        if (total != null && total < 2) {
            throw new IllegalArgumentException(
                    "OneCycleLR total_steps=" + total + " must be >= 2.");
        }
        this.maxLr = maxLr;
        this.fixedTotal = total;
        this.pctStart = pctStart;
        this.anneal = java.util.Objects.requireNonNull(anneal, "anneal");
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
    }

    /**
     * {@code OneCycleLR(max_lr)} with PyTorch's defaults (pct_start 0.3, cos, div_factor 25,
     * final_div_factor 1e4) over the whole {@code fit} it is attached to.
     */
    public static OneCycleLr of(double maxLr) {
        return new OneCycleLr(maxLr, null, 0.3, Anneal.COS, 25, 1e4);
    }

    /** The same cycle over exactly {@code totalSteps} optimizer steps. */
    public OneCycleLr totalSteps(int totalSteps) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor);
    }

    /** The fraction of the cycle spent rising. */
    public OneCycleLr pctStart(double pct) {
        return new OneCycleLr(maxLr, fixedTotal, pct, anneal, divFactor, finalDivFactor);
    }

    /** Cosine or linear annealing. */
    public OneCycleLr anneal(Anneal strategy) {
        return new OneCycleLr(maxLr, fixedTotal, pctStart, strategy, divFactor, finalDivFactor);
    }

    /** Initial rate = max_lr / divFactor; final rate = initial / finalDivFactor. */
    public OneCycleLr divFactors(double div, double finalDiv) {
        return new OneCycleLr(maxLr, fixedTotal, pctStart, anneal, div, finalDiv);
    }

    @Override
    public double start(double lr, FitPlan plan) {
        total = fixedTotal != null ? fixedTotal : plan.totalSteps("OneCycleLR");
        step = 0;
        return lrAt(0);
    }

    @Override
    public double afterBatch(double lr) {
        step++;
        if (step > total) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "OneCycleLR has run all its %d steps; attach a new one-cycle schedule"
                                    + " to train further.",
                            total));
        }
        return lrAt(step);
    }

    /**
     * {@code {last_epoch, total_steps}}: optimizer steps taken and the cycle's length, fixed when
     * it started.
     */
    @Override
    public Map<String, Double> state() {
        return Map.of("last_epoch", (double) step, "total_steps", (double) total);
    }

    @Override
    public void loadState(Map<String, Double> state) {
        int t = ScheduleState.counter(state, "total_steps", "OneCycleLR");
        int s = ScheduleState.counter(state, "last_epoch", "OneCycleLR");
        if (t < 2 || s > t) {
            throw new IllegalArgumentException(
                    "OneCycleLR state last_epoch="
                            + s
                            + ", total_steps="
                            + t
                            + " is inconsistent.");
        }
        total = t;
        step = s;
    }

    private double lrAt(int t) {
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double end1 = pctStart * total - 1;
        double end2 = total - 1;
        if (t <= end1) {
            return anneal(initial, maxLr, t / end1);
        }
        return anneal(maxLr, min, (t - end1) / (end2 - end1));
    }

    private double anneal(double start, double end, double pct) {
        return anneal == Anneal.COS
                ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1)
                : (end - start) * pct + start;
    }

    @Override
    public String describe() {
        return "OneCycleLR(max_lr="
                + maxLr
                + ", total_steps="
                + (fixedTotal == null ? "fit" : fixedTotal)
                + ", pct_start="
                + pctStart
                + ", anneal_strategy="
                + anneal.name().toLowerCase(Locale.ROOT)
                + ", div_factor="
                + divFactor
                + ", final_div_factor="
                + finalDivFactor
                + ")";
    }
}
