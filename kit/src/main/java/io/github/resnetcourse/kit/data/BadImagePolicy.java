package io.github.resnetcourse.kit.data;

/** What an image folder does with a file it cannot decode. */
public enum BadImagePolicy {
    /**
     * Leave the file out when the dataset is built, print one line per file and count it ({@code
     * skipped()}). A file that fails to decode later, while training, still fails loudly.
     */
    SKIP_WITH_WARNING,
    /** Stop with an error naming the file. */
    FAIL
}
