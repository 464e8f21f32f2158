package io.github.resnetcourse.kit.train;

import java.util.Map;

/**
 * Linear warm-up followed by cosine decay: PyTorch's {@code SequentialLR([LinearLR(start_factor,
 * total_iters=warmup), CosineAnnealingLR(T_max=total - warmup, eta_min)], milestones=[warmup])}.
 * The rate climbs linearly from {@code startFactor × lr} to {@code lr} over {@code warmup} steps,
 * then follows half a cosine down to {@code etaMin} at step {@code total}.
 */
public final class WarmupCosineLr extends SteppedSchedule {
    private final int warmup;
    private final int total;
    private final double startFactor;
    private final double etaMin;
    private double baseLr;
    private int lastEpoch;

    private WarmupCosineLr(
            int warmup, int total, double startFactor, double etaMin, Interval interval) {
        super(interval);
        if (warmup < 1 || total <= warmup) {
            throw new IllegalArgumentException(
                    "Warm-up cosine needs 1 <= warmup < total; got warmup="
                            + warmup
                            + ", total="
                            + total
                            + ".");
        }
        if (!(startFactor > 0) || startFactor > 1) {
            throw new IllegalArgumentException(
                    "Warm-up start_factor=" + startFactor + " must be in (0, 1].");
        }
        this.warmup = warmup;
        this.total = total;
        this.startFactor = startFactor;
        this.etaMin = etaMin;
    }

    /**
     * Warm-up over {@code warmup} epochs from {@code startFactor × lr}, then cosine to {@code
     * etaMin} at epoch {@code total}.
     */
    public static WarmupCosineLr of(int warmup, int total, double startFactor, double etaMin) {
        return new WarmupCosineLr(warmup, total, startFactor, etaMin, Interval.EPOCH);
    }

    /** The same schedule counted in optimizer steps. */
    public WarmupCosineLr perBatch() {
        return new WarmupCosineLr(warmup, total, startFactor, etaMin, Interval.BATCH);
    }

    @Override
    public double start(double lr, FitPlan plan) {
        baseLr = lr;
        lastEpoch = 0;
        return lrAt(0);
    }

    @Override
    double step(double lr) {
        lastEpoch++;
        return lrAt(lastEpoch);
    }

    private double lrAt(int t) {
        if (t < warmup) {
            return baseLr * (startFactor + (1 - startFactor) * t / warmup);
        }
        int tMax = total - warmup;
        int c = t - warmup;
        // Past the end PyTorch's cosine keeps its period of 2 T_max.
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * c / tMax)) / 2;
    }

    /**
     * {@code {last_epoch, base_lr}}: steps taken since {@link #start} and the rate it started from.
     */
    @Override
    public Map<String, Double> state() {
        return Map.of("last_epoch", (double) lastEpoch, "base_lr", baseLr);
    }

    @Override
    public void loadState(Map<String, Double> state) {
        double base = ScheduleState.number(state, "base_lr", "WarmupCosine");
        lastEpoch = ScheduleState.counter(state, "last_epoch", "WarmupCosine");
        baseLr = base;
    }

    @Override
    public String describe() {
        return "WarmupCosine(warmup="
                + warmup
                + ", total="
                + total
                + ", start_factor="
                + startFactor
                + ", eta_min="
                + etaMin
                + ")";
    }
}
