package io.github.resnetcourse.kit.bench;

/** Parsing of the benchmark commands' option values, with errors that name the option. */
public final class OptionValues {

    private OptionValues() {}

    /**
     * Reads a count such as {@code --repeats 3}.
     *
     * @param option the option, for the message
     * @param value what followed it
     * @return the value, at least 1
     * @throws IllegalArgumentException naming the option and the value otherwise
     */
    public static int positiveInt(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                option + " needs a positive integer, got '" + value + "'");
    }
}
