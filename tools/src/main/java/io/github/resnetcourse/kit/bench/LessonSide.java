package io.github.resnetcourse.kit.bench;

/** Who runs a lesson stage in {@code ./course bench lessons}. */
public enum LessonSide {
    /** The kit, through the calls the lesson's notebook cells make. */
    KIT("kit"),
    /** The seed's own PyTorch code ({@code bench/lessons/seed*.py}). */
    SEED("seed-torch");

    private final String label;

    LessonSide(String label) {
        this.label = label;
    }

    /** The name in tables and files. */
    public String label() {
        return label;
    }
}
