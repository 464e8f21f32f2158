package io.github.resnetcourse.kit.cli;

import java.util.Objects;

/**
 * One line of an {@link EnvironmentReport}: what was looked at, what was found, and what to do when
 * it is not right.
 *
 * @param label what was checked ("Java", "ResNet18 weights")
 * @param value what was found ("17.0.15 (Debian)", "missing")
 * @param status how it went
 * @param hint what to do about it (a command to run), or empty
 */
public record Check(String label, String value, Status status, String hint) {

    /** How a check went. */
    public enum Status {
        /** Present and working. */
        OK,
        /** Worth knowing, nothing to do (a setting, a folder). */
        INFO,
        /** Not there yet; the lessons that need it say so, and the hint fetches it. */
        MISSING,
        /** Broken: the course cannot run until the hint is followed. */
        FAILED;

        /** A one-character marker for consoles. */
        String marker() {
            return switch (this) {
                case OK -> "✓";
                case INFO -> "·";
                case MISSING -> "○";
                case FAILED -> "✗";
            };
        }
    }

    /** Validates the parts; a missing hint becomes empty. */
    public Check {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(status, "status");
        hint = hint == null ? "" : hint;
    }

    /** A check that passed. */
    public static Check ok(String label, String value) {
        return new Check(label, value, Status.OK, "");
    }

    /** A fact with nothing to do. */
    public static Check info(String label, String value) {
        return new Check(label, value, Status.INFO, "");
    }

    /** Something not present yet, with the command that gets it. */
    public static Check missing(String label, String value, String hint) {
        return new Check(label, value, Status.MISSING, hint);
    }

    /** Something broken, with the fix. */
    public static Check failed(String label, String value, String hint) {
        return new Check(label, value, Status.FAILED, hint);
    }
}
