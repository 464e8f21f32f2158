package io.github.resnetcourse.kit.train;

import java.util.Objects;

/**
 * Where a run is: epochs and batches trained so far (counted across fits), the stage label recorded
 * with them, and the run's seed, from which each epoch's shuffle and augmentation derive (so the
 * seed and the epoch number are all the data order a checkpoint needs).
 */
final class RunProgress {
    private int epochsDone;
    private long iterations;
    private String stage = "train";
    private long seed;

    RunProgress(long seed) {
        this.seed = seed;
    }

    int epochsDone() {
        return epochsDone;
    }

    /** The number of the next epoch to train. */
    int nextEpoch() {
        return epochsDone + 1;
    }

    /**
     * Epoch {@code epoch}'s updates are in the weights (it ended, or was interrupted after some
     * batches): the next fit goes on with the next number.
     */
    void epochDone(int epoch) {
        this.epochsDone = epoch;
    }

    long iterations() {
        return iterations;
    }

    /** Counts one trained batch and returns its run-wide number. */
    long countBatch() {
        return ++iterations;
    }

    String stage() {
        return stage;
    }

    void setStage(String label) {
        this.stage = Objects.requireNonNull(label, "label");
    }

    long seed() {
        return seed;
    }

    /** The epoch's own seed: (run seed, epoch) only, never what ran before. */
    long seedOf(int epoch) {
        return Reproducibility.forEpoch(seed, epoch);
    }

    /** The counters and stage a checkpoint holds (part {@code progress}). */
    record State(int epoch, long iterations, String stage) {}

    State state() {
        return new State(epochsDone, iterations, stage);
    }

    /** Continues a saved run's counters and stage (a null stage keeps this one's). */
    void loadState(State state) {
        this.epochsDone = state.epoch();
        this.iterations = state.iterations();
        this.stage = state.stage() == null ? stage : state.stage();
    }

    /**
     * The data order a checkpoint holds (part {@code data_order}): the seed, which with the epoch
     * number fixes every epoch's shuffle and augmentation.
     */
    record DataOrder(long seed) {}

    DataOrder dataOrder() {
        return new DataOrder(seed);
    }

    void loadDataOrder(DataOrder order) {
        this.seed = order.seed();
    }
}
