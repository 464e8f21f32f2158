package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each schedule against the learning rates PyTorch's scheduler gives for the same settings. All
 * reference runs happen in one Python start (starting torch costs seconds).
 */
class LrScheduleTest {
    private static final FitPlan NO_PLAN = new FitPlan(1, OptionalInt.empty());
    private static final String STEP =
            "{\"kind\":\"step\",\"lr\":0.01,\"step_size\":7,\"gamma\":0.1,\"steps\":30}";
    private static final String COSINE =
            "{\"kind\":\"cosine\",\"lr\":0.1,\"t_max\":10,\"eta_min\":0.001,\"steps\":25}";
    private static final String WARMUP_COSINE =
            "{\"kind\":\"warmup_cosine\",\"lr\":0.1,\"warmup\":3,\"total\":12,"
                    + "\"start_factor\":0.1,\"eta_min\":0.001,\"steps\":12}";
    private static final double[] PLATEAU_METRICS = {
        1.0, 0.9, 0.95, 0.91, 0.9, 0.92, 0.93, 0.899, 0.95, 0.96, 0.97, 0.98, 0.5, 0.51, 0.52, 0.53,
        0.54, 0.55, 0.56, 0.57
    };
    private static final int[] COOLDOWNS = {0, 2};

    private static final Map<String, double[]> TORCH = new HashMap<>();

    @BeforeAll
    static void runPyTorchOnce() {
        List<String> specs = new ArrayList<>(List.of(STEP, COSINE, WARMUP_COSINE));
        for (OneCycleLr.Anneal a : OneCycleLr.Anneal.values()) {
            specs.add(oneCycleSpec(a));
        }
        for (Mode mode : Mode.values()) {
            for (ReduceLrOnPlateau.ThresholdMode tm : ReduceLrOnPlateau.ThresholdMode.values()) {
                for (int cooldown : COOLDOWNS) {
                    specs.add(plateauSpec(mode, tm, cooldown));
                }
            }
        }
        var results =
                PythonReference.run("schedules.py", "[" + String.join(",", specs) + "]")
                        .getAsJsonArray("results");
        for (int i = 0; i < specs.size(); i++) {
            var a = results.get(i).getAsJsonArray();
            double[] d = new double[a.size()];
            for (int j = 0; j < d.length; j++) {
                d[j] = a.get(j).getAsDouble();
            }
            TORCH.put(specs.get(i), d);
        }
    }

    private static String oneCycleSpec(OneCycleLr.Anneal a) {
        return String.format(
                Locale.ROOT,
                "{\"kind\":\"onecycle\",\"max_lr\":0.5,\"total_steps\":40,\"pct_start\":0.25,"
                        + "\"anneal\":\"%s\",\"div_factor\":25,\"final_div_factor\":10000,"
                        + "\"steps\":39}",
                a.name().toLowerCase(Locale.ROOT));
    }

    private static String plateauSpec(Mode mode, ReduceLrOnPlateau.ThresholdMode tm, int cooldown) {
        return String.format(
                Locale.ROOT,
                "{\"kind\":\"plateau\",\"lr\":0.1,\"mode\":\"%s\",\"factor\":0.5,\"patience\":2,"
                        + "\"threshold\":0.01,\"threshold_mode\":\"%s\",\"cooldown\":%d,"
                        + "\"min_lr\":0.02,\"eps\":1e-8,\"metrics\":%s}",
                mode.name().toLowerCase(Locale.ROOT),
                tm.name().toLowerCase(Locale.ROOT),
                cooldown,
                Arrays.toString(PLATEAU_METRICS));
    }

    private static double[] run(LrSchedule s, double lr, int steps, DoubleUnaryOperator step) {
        double[] lrs = new double[steps + 1];
        lrs[0] = s.start(lr, NO_PLAN);
        for (int i = 1; i <= steps; i++) {
            lrs[i] = step.applyAsDouble(lrs[i - 1]);
        }
        return lrs;
    }

    private static double[] epochs(LrSchedule s, double lr, int steps) {
        return run(s, lr, steps, x -> s.afterEpoch(x, null));
    }

    private static double[] batches(LrSchedule s, double lr, int steps) {
        return run(s, lr, steps, s::afterBatch);
    }

    private static void assertMatchesTorch(String spec, double[] actual) {
        double[] expected = TORCH.get(spec);
        assertEquals(expected.length, actual.length, "number of learning rates");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    expected[i],
                    actual[i],
                    1e-12 + 1e-9 * Math.abs(expected[i]),
                    "lr after step " + i + " of " + spec);
        }
    }

    @Test
    void stepLrMatchesPyTorch() {
        assertMatchesTorch(STEP, epochs(StepLr.of(7, 0.1), 0.01, 30));
    }

    @Test
    void stepLrPerBatchIgnoresEpochEnds() {
        StepLr s = StepLr.of(2, 0.5).perBatch();
        s.start(1.0, NO_PLAN);
        assertEquals(1.0, s.afterEpoch(1.0, null));
        assertEquals(1.0, s.afterBatch(1.0));
        assertEquals(0.5, s.afterBatch(1.0));
    }

    @Test
    void cosineAnnealingMatchesPyTorchIncludingThePeriodicTail() {
        assertMatchesTorch(COSINE, epochs(CosineAnnealingLr.of(10, 0.001), 0.1, 25));
    }

    @Test
    void warmupCosineMatchesPyTorchSequentialLinearThenCosine() {
        assertMatchesTorch(
                WARMUP_COSINE, batches(WarmupCosineLr.of(3, 12, 0.1, 0.001).perBatch(), 0.1, 12));
    }

    @Test
    void oneCycleMatchesPyTorchCosAndLinear() {
        for (OneCycleLr.Anneal a : OneCycleLr.Anneal.values()) {
            OneCycleLr s = OneCycleLr.of(0.5).totalSteps(40).pctStart(0.25).anneal(a);
            assertMatchesTorch(oneCycleSpec(a), batches(s, 0.001, 39));
        }
    }

    @Test
    void oneCycleTakesItsLengthFromTheFitAndRefusesToOverrun() {
        OneCycleLr s = OneCycleLr.of(0.1);
        s.start(0.1, new FitPlan(2, OptionalInt.of(5)));
        for (int i = 0; i < 10; i++) { // PyTorch allows total_steps steps after construction
            s.afterBatch(0.1);
        }
        assertThrows(IllegalStateException.class, () -> s.afterBatch(0.1));
        assertThrows(
                IllegalStateException.class,
                () -> OneCycleLr.of(0.1).start(0.1, new FitPlan(2, OptionalInt.empty())));
    }

    @Test
    void reduceOnPlateauMatchesPyTorchInEveryMode() {
        for (Mode mode : Mode.values()) {
            for (ReduceLrOnPlateau.ThresholdMode tm : ReduceLrOnPlateau.ThresholdMode.values()) {
                for (int cooldown : COOLDOWNS) {
                    ReduceLrOnPlateau s =
                            ReduceLrOnPlateau.onValidLoss()
                                    .mode(mode)
                                    .factor(0.5)
                                    .patience(2)
                                    .threshold(0.01, tm)
                                    .cooldown(cooldown)
                                    .minLr(0.02);
                    double[] lrs = new double[PLATEAU_METRICS.length + 1];
                    lrs[0] = s.start(0.1, NO_PLAN);
                    for (int i = 0; i < PLATEAU_METRICS.length; i++) {
                        lrs[i + 1] = s.step(lrs[i], PLATEAU_METRICS[i]);
                    }
                    assertMatchesTorch(plateauSpec(mode, tm, cooldown), lrs);
                }
            }
        }
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> StepLr.of(0, 0.1));
        assertEquals("StepLR step_size=0 must be >= 1.", e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> ReduceLrOnPlateau.onValidLoss().factor(1.0));
        assertThrows(IllegalArgumentException.class, () -> WarmupCosineLr.of(5, 5, 0.1, 0));
    }
}
