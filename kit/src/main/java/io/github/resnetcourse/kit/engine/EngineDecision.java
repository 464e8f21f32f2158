package io.github.resnetcourse.kit.engine;

import java.util.List;

/**
 * The convolution configuration in force and why.
 *
 * @param configuration what libtorch runs with
 * @param source how it was decided
 * @param results the self-check's findings per configuration tried (empty when none ran)
 * @param cpu the CPU model and cache figures the decision is for
 * @param checkSeconds how long the self-check took when it ran (0 when read from the cache)
 */
public record EngineDecision(
        EngineConfiguration configuration,
        Source source,
        List<CandidateResult> results,
        String cpu,
        double checkSeconds) {

    /** Where a decision comes from. */
    public enum Source {
        /** The self-check ran in this process's start. */
        CHECKED_NOW,
        /** A self-check on this machine (same CPU signature and libtorch) ran earlier. */
        CACHED,
        /** The user named a configuration ({@code COURSE_ENGINE_CONFIGURATION}). */
        USER_SET,
        /** The user switched the self-check off ({@code COURSE_ENGINE_CHECK=off}). */
        CHECK_OFF
    }

    /**
     * One sentence for {@code ./course doctor}, notebook 00 and logs: "convolution self-check:
     * passed" on a healthy CPU, otherwise what is in force and the finding that forced it.
     */
    public String describe() {
        return switch (source) {
            case USER_SET ->
                    "convolution configuration "
                            + configuration.label()
                            + " (set by COURSE_ENGINE_CONFIGURATION; not checked)";
            case CHECK_OFF ->
                    "convolution self-check: off (COURSE_ENGINE_CHECK=off); running "
                            + configuration.label()
                            + " unchecked";
            default -> {
                if (configuration.equals(EngineConfiguration.DEFAULT)) {
                    yield "convolution self-check: passed (" + configuration.label() + ")";
                }
                if (results.isEmpty()
                        || results.stream().noneMatch(r -> r.status() == CheckStatus.CORRECT)) {
                    yield "convolution self-check: NO configuration computed correctly on this CPU; running "
                            + configuration.label()
                            + " — results may be wrong";
                }
                String fault =
                        results.stream()
                                .filter(
                                        r ->
                                                r.configuration()
                                                        .equals(
                                                                EngineConfiguration.DEFAULT
                                                                        .label()))
                                .findFirst()
                                .map(CandidateResult::describe)
                                .orElse("the default failed");
                yield "convolution self-check: using "
                        + configuration.label()
                        + " because "
                        + fault
                        + " on this CPU; the fastest correct configuration was chosen";
            }
        };
    }
}
