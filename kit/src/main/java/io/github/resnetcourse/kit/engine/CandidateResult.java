package io.github.resnetcourse.kit.engine;

/**
 * One configuration's self-check result.
 *
 * @param configuration the configuration's {@link EngineConfiguration#label()}
 * @param status how it fared
 * @param worstError the largest relative error against float64 (0 when it did not run)
 * @param worstCase the convolution that gave it, or what crashed
 * @param secondsPerPass one forward and backward pass over the checked shapes (0 when it did not
 *     run)
 */
public record CandidateResult(
        String configuration,
        CheckStatus status,
        double worstError,
        String worstCase,
        double secondsPerPass) {

    /** One line for reports, e.g. {@code onednn/all/channels-last: crashed (SIGFPE in …)}. */
    public String describe() {
        return switch (status) {
            case CORRECT ->
                    String.format(
                            "%s: correct (worst error %.1e), %.2f CPU s per pass",
                            configuration, worstError, secondsPerPass);
            case WRONG ->
                    String.format(
                            "%s: WRONG by %.3g (relative) in %s",
                            configuration, worstError, worstCase);
            case CRASHED -> configuration + ": crashed (" + worstCase + ")";
            case TIMED_OUT -> configuration + ": timed out";
        };
    }
}
