package io.github.resnetcourse.kit.data;

/** What an image folder does with a file it cannot decode. */
public enum BadImagePolicy {
    /** Leave the file out, print one line per file and count it ({@code skipped()}). */
    SKIP_WITH_WARNING,
    /** Stop with an error naming the file. */
    FAIL
}
