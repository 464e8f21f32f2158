package io.github.resnetcourse.kit.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * A fault injected into the self-check's child process, so that tests can prove a crashing or wrong
 * configuration is never chosen, on any CPU. Set with the system property {@code
 * course.engine.check.fault=LABEL:crash} or {@code LABEL:wrong}; unset in normal use.
 *
 * @param label the configuration that misbehaves, or empty for none
 * @param kind {@code crash} (the child dies of a real SIGFPE, as on the CPU that motivated the
 *     check) or {@code wrong} (the child reports a gross error)
 */
record Fault(String label, String kind) {

    static final String PROPERTY = "course.engine.check.fault";

    private static final int SIGFPE = 8;

    static Fault fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "");
        int colon = value.lastIndexOf(':');
        return colon < 0
                ? new Fault("", "")
                : new Fault(value.substring(0, colon), value.substring(colon + 1));
    }

    /** Kills this process with SIGFPE when the fault is a crash of {@code configuration}. */
    void strikeBeforeCheck(EngineConfiguration configuration) {
        if (label.equals(configuration.label()) && kind.equals("crash")) {
            Native.load("c", Signals.class).raise(SIGFPE);
        }
    }

    /** A gross error in place of {@code error} when the fault is a wrong {@code configuration}. */
    double distort(EngineConfiguration configuration, double error) {
        return label.equals(configuration.label()) && kind.equals("wrong") ? 0.28 : error;
    }

    interface Signals extends Library {
        int raise(int signal);
    }
}
