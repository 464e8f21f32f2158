package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Each schedule against the learning rates PyTorch's scheduler gives for the same settings. */
class LrScheduleTest {
    private static final FitPlan NO_PLAN = new FitPlan(1, OptionalInt.empty());

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

    private static void assertSame(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "number of learning rates");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    expected[i],
                    actual[i],
                    1e-12 + 1e-9 * Math.abs(expected[i]),
                    "lr after step " + i);
        }
    }

    private static double[] torch(String json) {
        return torchAll("[" + json + "]").get(0);
    }

    /** One Python start for many specs (starting torch costs ~1 s). */
    private static java.util.List<double[]> torchAll(String jsonList) {
        var results = PythonReference.run("schedules.py", jsonList).getAsJsonArray("results");
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (var r : results) {
            var a = r.getAsJsonArray();
            double[] d = new double[a.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = a.get(i).getAsDouble();
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void stepLrMatchesPyTorch() {
        assertSame(
                torch("{\"kind\":\"step\",\"lr\":0.01,\"step_size\":7,\"gamma\":0.1,\"steps\":30}"),
                epochs(StepLr.of(7, 0.1), 0.01, 30));
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
        assertSame(
                torch(
                        "{\"kind\":\"cosine\",\"lr\":0.1,\"t_max\":10,\"eta_min\":0.001,\"steps\":25}"),
                epochs(CosineAnnealingLr.of(10, 0.001), 0.1, 25));
    }

    @Test
    void warmupCosineMatchesPyTorchSequentialLinearThenCosine() {
        assertSame(
                torch(
                        "{\"kind\":\"warmup_cosine\",\"lr\":0.1,\"warmup\":3,\"total\":12,"
                                + "\"start_factor\":0.1,\"eta_min\":0.001,\"steps\":12}"),
                batches(WarmupCosineLr.of(3, 12, 0.1, 0.001).perBatch(), 0.1, 12));
    }

    @Test
    void oneCycleMatchesPyTorchCosAndLinear() {
        java.util.List<String> specs = new java.util.ArrayList<>();
        java.util.List<double[]> ours = new java.util.ArrayList<>();
        for (OneCycleLr.Anneal a : OneCycleLr.Anneal.values()) {
            String json =
                    String.format(
                            Locale.ROOT,
                            "{\"kind\":\"onecycle\",\"max_lr\":0.5,\"total_steps\":40,"
                                    + "\"pct_start\":0.25,\"anneal\":\"%s\",\"div_factor\":25,"
                                    + "\"final_div_factor\":10000,\"steps\":39}",
                            a.name().toLowerCase(Locale.ROOT));
            OneCycleLr s = OneCycleLr.of(0.5).totalSteps(40).pctStart(0.25).anneal(a);
            specs.add(json);
            ours.add(batches(s, 0.001, 39));
        }
        java.util.List<double[]> expected = torchAll("[" + String.join(",", specs) + "]");
        for (int i = 0; i < specs.size(); i++) {
            assertSame(expected.get(i), ours.get(i));
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
        String metrics =
                "[1.0, 0.9, 0.95, 0.91, 0.9, 0.92, 0.93, 0.899, 0.95, 0.96, 0.97, 0.98, 0.5,"
                        + " 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57]";
        double[] values =
                java.util.Arrays.stream(metrics.replaceAll("[\\[\\] ]", "").split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
        java.util.List<String> specs = new java.util.ArrayList<>();
        java.util.List<double[]> ours = new java.util.ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (ReduceLrOnPlateau.ThresholdMode tm : ReduceLrOnPlateau.ThresholdMode.values()) {
                for (int cooldown : new int[] {0, 2}) {
                    String json =
                            String.format(
                                    Locale.ROOT,
                                    "{\"kind\":\"plateau\",\"lr\":0.1,\"mode\":\"%s\","
                                            + "\"factor\":0.5,\"patience\":2,\"threshold\":0.01,"
                                            + "\"threshold_mode\":\"%s\",\"cooldown\":%d,"
                                            + "\"min_lr\":0.02,\"eps\":1e-8,\"metrics\":%s}",
                                    mode.name().toLowerCase(Locale.ROOT),
                                    tm.name().toLowerCase(Locale.ROOT),
                                    cooldown,
                                    metrics);
                    ReduceLrOnPlateau s =
                            ReduceLrOnPlateau.onValidLoss()
                                    .mode(mode)
                                    .factor(0.5)
                                    .patience(2)
                                    .threshold(0.01, tm)
                                    .cooldown(cooldown)
                                    .minLr(0.02);
                    double[] lrs = new double[values.length + 1];
                    lrs[0] = s.start(0.1, NO_PLAN);
                    for (int i = 0; i < values.length; i++) {
                        lrs[i + 1] = s.step(lrs[i], values[i]);
                    }
                    specs.add(json);
                    ours.add(lrs);
                }
            }
        }
        java.util.List<double[]> expected = torchAll("[" + String.join(",", specs) + "]");
        for (int i = 0; i < specs.size(); i++) {
            assertSame(expected.get(i), ours.get(i));
        }
    }
}
