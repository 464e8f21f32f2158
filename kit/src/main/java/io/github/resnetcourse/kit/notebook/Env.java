package io.github.resnetcourse.kit.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * The one place a lesson reads its run mode, limits and folders from. Values come from environment
 * variables (set by {@code ./course}, the kernelspec or CI) or the same-named system properties in
 * lower case with dots ({@code COURSE_MODE} or {@code -Dcourse.mode}).
 *
 * <ul>
 *   <li>{@code COURSE_MODE}: {@code full} (default), {@code laptop} or {@code smoke};
 *   <li>{@code COURSE_LESSON}: the lesson this kernel runs ({@code 02}), set by {@link #forLesson};
 *       in laptop mode it picks the lesson's {@link LaptopPlan};
 *   <li>{@code COURSE_EPOCHS}: caps every lesson's epochs (default: none in full mode, 1 in smoke,
 *       the lesson's plan in laptop mode);
 *   <li>{@code COURSE_MAX_BATCHES}: caps batches per epoch (default: none in full mode, 4 in smoke,
 *       the lesson's plan in laptop mode);
 *   <li>{@code COURSE_HOME}: the course checkout (default: found by walking up from the working
 *       folder to the {@code course} launcher);
 *   <li>{@code COURSE_DATA}: datasets and weights (default: {@code $COURSE_HOME/data});
 *   <li>{@code COURSE_SEED}: the seed for initialisation, shuffling and augmentation (default 42).
 * </ul>
 *
 * <p>Instances are immutable snapshots; {@link #current()} reads the process environment, {@link
 * #of(Map)} reads a given map (tests, tools).
 */
public final class Env {
    /** Epochs per training call in smoke mode unless {@code COURSE_EPOCHS} says otherwise. */
    public static final int SMOKE_EPOCHS = 1;

    /** Batches per epoch in smoke mode unless {@code COURSE_MAX_BATCHES} says otherwise. */
    public static final int SMOKE_BATCHES = 4;

    /** The largest batch of 224×224 images in smoke mode ({@link #batchSize(int)}). */
    public static final int SMOKE_BATCH_SIZE = 4;

    private static final long DEFAULT_SEED = 42;

    private final RunMode mode;
    private final String lesson;
    private final LaptopPlan plan;
    private final Integer epochCap;
    private final Integer batchCap;
    private final Path home;
    private final Path data;
    private final long seed;

    private Env(Map<String, String> vars, Path workingDir) {
        this.mode =
                Optional.ofNullable(vars.get("COURSE_MODE"))
                        .filter(s -> !s.isBlank())
                        .map(RunMode::parse)
                        .orElse(RunMode.FULL);
        this.lesson =
                Optional.ofNullable(vars.get("COURSE_LESSON"))
                        .filter(s -> !s.isBlank())
                        .map(String::trim)
                        .orElse(null);
        // Only laptop mode reads the plan: full mode stays the seed's recipe, smoke mode CI's.
        this.plan = mode == RunMode.LAPTOP && lesson != null ? LaptopPlans.require(lesson) : null;
        this.epochCap =
                positive(vars, "COURSE_EPOCHS")
                        .orElse(
                                mode == RunMode.SMOKE
                                        ? Integer.valueOf(SMOKE_EPOCHS)
                                        : planCap(plan == null ? null : plan.maxEpochs()));
        this.batchCap =
                positive(vars, "COURSE_MAX_BATCHES")
                        .orElse(
                                mode == RunMode.SMOKE
                                        ? Integer.valueOf(SMOKE_BATCHES)
                                        : planCap(plan == null ? null : plan.maxBatches()));
        this.home =
                Optional.ofNullable(vars.get("COURSE_HOME"))
                        .filter(s -> !s.isBlank())
                        .map(Paths::get)
                        .orElseGet(() -> findHome(workingDir));
        this.data =
                Optional.ofNullable(vars.get("COURSE_DATA"))
                        .filter(s -> !s.isBlank())
                        .map(Paths::get)
                        .orElse(home.resolve("data"));
        this.seed =
                Optional.ofNullable(vars.get("COURSE_SEED"))
                        .filter(s -> !s.isBlank())
                        .map(s -> parseLong("COURSE_SEED", s))
                        .orElse(DEFAULT_SEED);
    }

    /** The environment of this process (variables, then {@code course.*} system properties). */
    public static Env current() {
        Map<String, String> vars = new java.util.HashMap<>(System.getenv());
        for (String key :
                new String[] {
                    "COURSE_MODE",
                    "COURSE_LESSON",
                    "COURSE_EPOCHS",
                    "COURSE_MAX_BATCHES",
                    "COURSE_HOME",
                    "COURSE_DATA",
                    "COURSE_SEED"
                }) {
            String prop =
                    System.getProperty(key.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
            if (prop != null) {
                vars.put(key, prop);
            }
        }
        return new Env(vars, Paths.get("").toAbsolutePath());
    }

    /**
     * The environment of lesson {@code lesson} ({@code "02"}): what a notebook's first cell calls.
     * It records the lesson for the whole kernel (the {@code course.lesson} system property), so
     * that the kit's facades ({@code Datasets}, the learner's run settings) follow the same
     * lesson's {@link LaptopPlan} in laptop mode; in smoke and full mode the lesson changes
     * nothing.
     *
     * @throws IllegalArgumentException for a lesson without a plan, naming the lessons
     */
    public static Env forLesson(String lesson) {
        LaptopPlans.require(lesson);
        System.setProperty("course.lesson", lesson.trim());
        return current();
    }

    /**
     * An environment read from {@code vars} alone, resolving relative defaults against {@code dir}.
     */
    public static Env of(Map<String, String> vars, Path workingDir) {
        return new Env(Map.copyOf(vars), workingDir.toAbsolutePath());
    }

    /** Smoke, laptop or full. */
    public RunMode mode() {
        return mode;
    }

    /** The lesson this kernel runs ({@link #forLesson}), if known. */
    public Optional<String> lesson() {
        return Optional.ofNullable(lesson);
    }

    /** The lesson's laptop plan: present in laptop mode for a known lesson, else empty. */
    public Optional<LaptopPlan> laptopPlan() {
        return Optional.ofNullable(plan);
    }

    /** Whether this is a smoke run (generated data, few batches). */
    public boolean isSmoke() {
        return mode == RunMode.SMOKE;
    }

    /**
     * The epochs a lesson should run when the seed asks for {@code seedEpochs}: capped by the mode.
     */
    public int epochs(int seedEpochs) {
        return epochCap == null ? seedEpochs : Math.min(seedEpochs, epochCap);
    }

    /** The cap on epochs per training call, or empty for "as many as the lesson asks". */
    public Optional<Integer> maxEpochs() {
        return Optional.ofNullable(epochCap);
    }

    /**
     * The batch size a lesson should use when the seed asks for {@code seedBatchSize}: in smoke
     * mode at most {@link #SMOKE_BATCH_SIZE}, so that a smoke run of a 224×224 lesson stays small;
     * in laptop mode at most the plan's cap, if it has one.
     */
    public int batchSize(int seedBatchSize) {
        if (isSmoke()) {
            return Math.min(seedBatchSize, SMOKE_BATCH_SIZE);
        }
        Integer cap = planCap(plan == null ? null : plan.maxBatchSize());
        return cap == null ? seedBatchSize : Math.min(seedBatchSize, cap);
    }

    /** The batch cap per epoch, or empty for "the whole dataset". */
    public Optional<Integer> maxBatches() {
        return Optional.ofNullable(batchCap);
    }

    /** The course checkout. */
    public Path home() {
        return home;
    }

    /**
     * Where datasets and weights live (real ones under their names, generated ones under synth/).
     */
    public Path dataDir() {
        return data;
    }

    /** Where generated twins of the datasets live, so they are never mistaken for the real ones. */
    public Path synthDir() {
        return data.resolve("synth");
    }

    /** Where pretrained weight files live. */
    public Path weightsDir() {
        return data.resolve("weights");
    }

    /** The seed for initialisation, shuffling and augmentation. */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        // A lesson's first cell shows this: in laptop mode, what the plan reduced.
        return "Env[mode="
                + mode
                + ", epochs<="
                + (epochCap == null ? "seed" : epochCap)
                + ", batches<="
                + (batchCap == null ? "all" : batchCap)
                + ", data="
                + data
                + ", seed="
                + seed
                + "]"
                + (plan != null ? "\n" + plan.summary() : "");
    }

    private static Integer planCap(Optional<LaptopPlan.Cap> cap) {
        return cap == null ? null : cap.map(LaptopPlan.Cap::value).orElse(null);
    }

    private static Optional<Integer> positive(Map<String, String> vars, String key) {
        String raw = vars.get(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        long v = parseLong(key, raw);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    key + "=" + raw + " must be a positive whole number (or unset for no cap).");
        }
        return Optional.of((int) v);
    }

    private static long parseLong(String key, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + "='" + raw + "' is not a whole number; unset it or give e.g. 3.", e);
        }
    }

    private static Path findHome(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("course")) && Files.isDirectory(p.resolve("kit"))) {
                return p;
            }
        }
        return start;
    }
}
