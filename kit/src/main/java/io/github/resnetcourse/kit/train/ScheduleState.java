package io.github.resnetcourse.kit.train;

import java.util.Map;

/**
 * Reads the values of a schedule's saved {@link LrSchedule#state()}, with errors that name them.
 */
final class ScheduleState {
    private ScheduleState() {}

    /** The value {@code name} of {@code schedule}'s state (a number, possibly infinite). */
    static double number(Map<String, Double> state, String name, String schedule) {
        Double v = state.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    schedule
                            + " state lacks '"
                            + name
                            + "' (it holds "
                            + state.keySet()
                            + "); was it saved by another schedule?");
        }
        return v;
    }

    /** The value {@code name}, which must be a whole number >= 0 (a step counter). */
    static int counter(Map<String, Double> state, String name, String schedule) {
        double v = number(state, name, schedule);
        if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    schedule + " state '" + name + "'=" + v + " must be a whole number >= 0.");
        }
        return (int) v;
    }
}
