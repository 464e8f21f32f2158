package io.github.resnetcourse.kit.train;

import java.util.Map;

/**
 * PyTorch's {@code CosineAnnealingLR(T_max, eta_min)}: the rate follows half a cosine from its
 * starting value down to {@code etaMin} over {@code tMax} steps, then back up (PyTorch's schedule
 * is periodic). Uses PyTorch's chainable update, so it reproduces PyTorch's numbers step by step.
 */
public final class CosineAnnealingLr extends SteppedSchedule {
    private final int tMax;
    private final double etaMin;
    private double baseLr;
    private int lastEpoch;

    private CosineAnnealingLr(int tMax, double etaMin, Interval interval) {
        super(interval);
        if (tMax < 1) {
            throw new IllegalArgumentException(
                    "CosineAnnealingLR T_max=" + tMax + " must be >= 1.");
        }
        if (etaMin < 0) {
            throw new IllegalArgumentException(
                    "CosineAnnealingLR eta_min=" + etaMin + " must be >= 0.");
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    /** {@code CosineAnnealingLR(T_max=tMax, eta_min=etaMin)} stepped once per epoch. */
    public static CosineAnnealingLr of(int tMax, double etaMin) {
        return new CosineAnnealingLr(tMax, etaMin, Interval.EPOCH);
    }

    /** The same schedule with {@code tMax} counted in optimizer steps. */
    public CosineAnnealingLr perBatch() {
        return new CosineAnnealingLr(tMax, etaMin, Interval.BATCH);
    }

    @Override
    public double start(double lr, FitPlan plan) {
        baseLr = lr;
        lastEpoch = 0;
        return lr;
    }

    @Override
    double step(double lr) {
        lastEpoch++;
        if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0) {
            return lr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * lastEpoch / tMax))
                        / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin)
                + etaMin;
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
        double base = ScheduleState.number(state, "base_lr", "CosineAnnealingLR");
        lastEpoch = ScheduleState.counter(state, "last_epoch", "CosineAnnealingLR");
        baseLr = base;
    }

    @Override
    public String describe() {
        return "CosineAnnealingLR(T_max=" + tMax + ", eta_min=" + etaMin + ")";
    }
}
