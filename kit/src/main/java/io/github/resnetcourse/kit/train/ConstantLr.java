package io.github.resnetcourse.kit.train;

/** {@link LrSchedule#constant()}: the rate in force, never changed; no progress to save. */
final class ConstantLr implements LrSchedule {
    static final ConstantLr INSTANCE = new ConstantLr();

    private ConstantLr() {}

    @Override
    public String describe() {
        return "constant (no scheduler)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
