package io.github.resnetcourse.kit.bench;

import io.github.resnetcourse.kit.engine.HugePages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who runs a case: the kit (as shipped, or with one fix undone) or a PyTorch installation. */
public enum Contender {
    /** The kit's defaults: fused Adam, channels-last, large buffers mapped on huge pages. */
    KIT("kit"),
    /** Ablation: DJL's own Adam driven as {@code Trainer.step()} drives it. */
    KIT_DJL_ADAM("kit-djl-adam"),
    /** Ablation: the kit with convolutions in PyTorch's default NCHW layout. */
    KIT_NCHW("kit-nchw"),
    /** Ablation: the kit with {@code COURSE_ALLOCATOR=retain} (freed buffers kept, huge pages). */
    KIT_RETAIN("kit-retain"),
    /** Ablation: the kit with {@code COURSE_ALLOCATOR=glibc} (glibc's adaptive thresholds). */
    KIT_GLIBC("kit-glibc"),
    /** Ablation: the kit's allocator without {@link HugePages} (launched without the tunable). */
    KIT_SMALL_PAGES("kit-small-pages"),
    /**
     * Ablation: the kit with libgomp's default for idle threads (spin, then sleep) instead of the
     * {@code OMP_WAIT_POLICY=PASSIVE} it sets ({@code Engines}).
     */
    KIT_OMP_DEFAULT("kit-omp-default"),
    /** Debian's {@code python3-torch} (1.13) under {@code /usr/bin/python3}. */
    TORCH_DEBIAN("torch-debian"),
    /** The modern CPU wheel from pip, in the {@code .venv-bench} virtual environment. */
    TORCH_MODERN("torch-modern");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    /**
     * Returns the name used on the command line and in reports.
     *
     * @return e.g. {@code torch-debian}
     */
    public String label() {
        return label;
    }

    /** Whether this is the kit (a JVM child) rather than PyTorch (a Python child). */
    boolean isKit() {
        return this != TORCH_DEBIAN && this != TORCH_MODERN;
    }

    /**
     * Parses a label.
     *
     * @param label one of the labels
     * @return the contender
     */
    public static Contender parse(String label) {
        for (Contender c : values()) {
            if (c.label.equals(label.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Unknown runtime '"
                        + label
                        + "': use kit, kit-djl-adam, kit-nchw, kit-retain, kit-glibc,"
                        + " kit-small-pages, kit-omp-default, torch-debian or torch-modern.");
    }

    /** The command line of a child process that measures {@code benchCase} and prints JSON. */
    List<String> command(BenchCase benchCase, int threads, Path home, Path modernPython) {
        List<String> args =
                List.of(
                        String.valueOf(benchCase.imageSize()),
                        String.valueOf(benchCase.batchSize()),
                        benchCase.backbone().name(),
                        String.valueOf(benchCase.trainSteps()),
                        String.valueOf(benchCase.evalSteps()));
        List<String> command = new ArrayList<>();
        if (isKit()) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx2g");
            // As the kernel runs: the serial collector's footprint is ~100 MB below G1's here,
            // and a small initial heap keeps short-lived garbage from staying resident.
            command.add("-XX:+UseSerialGC");
            command.add("-Xms64m");
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(KitCaseRunner.class.getName());
            command.addAll(args);
            command.add(this == KIT_DJL_ADAM ? UpdateRule.DJL.name() : UpdateRule.FUSED.name());
        } else {
            command.add(this == TORCH_DEBIAN ? "/usr/bin/python3" : modernPython.toString());
            command.add(home.resolve("bench/resnet_bench.py").toString());
            command.addAll(args);
            command.add(String.valueOf(threads));
        }
        return command;
    }

    /**
     * Environment changes for the child: as the kernel is launched ({@link HugePages}) for the kit,
     * with one choice undone for an ablation; none for PyTorch, which runs as its users run it.
     */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        if (isKit() && this != KIT_SMALL_PAGES) {
            env.put("GLIBC_TUNABLES", HugePages.GLIBC_TUNABLE);
        }
        switch (this) {
            case KIT_NCHW -> env.put("COURSE_CHANNELS_LAST", "off");
            case KIT_RETAIN -> env.put("COURSE_ALLOCATOR", "retain");
            case KIT_GLIBC -> env.put("COURSE_ALLOCATOR", "glibc");
            // Set but empty: the kit leaves a set policy alone, and libgomp reads an empty
            // value as none, i.e. its default.
            case KIT_OMP_DEFAULT -> env.put("OMP_WAIT_POLICY", "");
            default -> {}
        }
        return env;
    }
}
