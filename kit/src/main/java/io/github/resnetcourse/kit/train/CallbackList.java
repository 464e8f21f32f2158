package io.github.resnetcourse.kit.train;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A learner's callbacks in call order ({@link Callback#order()}, then as added), and the one rule
 * for calling them: every callback sees every event, and the first {@link StopTraining} thrown is
 * what ends the fit.
 */
final class CallbackList {
    // Copy-on-write: a callback may add another (e.g. a progress display) while events run.
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();

    /** Adds {@code callback} after every callback of the same or an earlier order. */
    void add(Callback callback) {
        Objects.requireNonNull(callback, "callback");
        int at = 0;
        while (at < callbacks.size()
                && callbacks.get(at).order().compareTo(callback.order()) <= 0) {
            at++;
        }
        callbacks.add(at, callback);
    }

    /** The callbacks in call order, read-only. */
    List<Callback> asList() {
        return Collections.unmodifiableList(callbacks);
    }

    /**
     * Calls {@code event} on every callback in order, even after one of them asked to stop, and
     * returns the first {@link StopTraining} signal (null if none).
     */
    StopTraining notifyAll(Consumer<Callback> event) {
        StopTraining first = null;
        for (Callback c : callbacks) {
            try {
                event.accept(c);
            } catch (StopTraining stop) {
                first = first == null ? stop : first;
            }
        }
        return first;
    }

    /** As {@link #notifyAll}, then throws the first stop signal, if any. */
    void fire(Consumer<Callback> event) {
        signal(notifyAll(event));
    }

    /** Throws {@code stop} unless it is null. */
    static void signal(StopTraining stop) {
        if (stop != null) {
            throw stop;
        }
    }
}
