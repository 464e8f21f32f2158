package io.github.resnetcourse.kit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.engine.Engines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks each optimiser against torch.optim: same start values, gradients, per-step learning rates
 * and per-parameter learning-rate scales must give the same parameters after five steps.
 */
class FusedOptimizerTest {

    private static final long[][] SHAPES = {{3, 4}, {5}};
    private static final float[] LRS = {0.01f, 0.01f, 0.005f, 0.02f, 0.001f};
    private static final float[] SCALES = {1f, 0.1f};

    /** Case name → (optimiser factory, torch.optim rule, torch options). */
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private static List<List<float[]>> expected;

    /** Per case, per parameter: torch's {@code optimizer.state_dict()['state'][i]}. */
    private static List<List<Map<String, float[]>>> expectedStates;

    record Case(Supplier<FusedOptimizer> optimizer, String rule, Map<String, Object> options) {}

    static {
        CASES.put("adam", new Case(() -> Adam.builder().build(), "adam", Map.of()));
        CASES.put(
                "adamL2",
                new Case(
                        () ->
                                Adam.builder()
                                        .optWeightDecay(0.1f)
                                        .optBetas(0.8f, 0.99f)
                                        .optEps(1e-6f)
                                        .build(),
                        "adam",
                        Map.of(
                                "weight_decay", 0.1,
                                "betas", List.of(0.8, 0.99),
                                "eps", 1e-6)));
        CASES.put(
                "adamW",
                new Case(
                        () -> AdamW.builder().optWeightDecay(0.05f).build(),
                        "adamw",
                        Map.of("weight_decay", 0.05)));
        CASES.put("adamWDefaults", new Case(() -> AdamW.builder().build(), "adamw", Map.of()));
        CASES.put(
                "sgd",
                new Case(
                        () -> Sgd.builder().optWeightDecay(0.01f).build(),
                        "sgd",
                        Map.of("lr", 0.01, "weight_decay", 0.01)));
        CASES.put(
                "sgdMomentum",
                new Case(
                        () -> Sgd.builder().optMomentum(0.9f).optDampening(0.1f).build(),
                        "sgd",
                        Map.of("lr", 0.01, "momentum", 0.9, "dampening", 0.1)));
        CASES.put(
                "sgdNesterov",
                new Case(
                        () ->
                                Sgd.builder()
                                        .optMomentum(0.9f)
                                        .optNesterov()
                                        .optWeightDecay(0.01f)
                                        .build(),
                        "sgd",
                        Map.of(
                                "lr", 0.01,
                                "momentum", 0.9,
                                "nesterov", true,
                                "weight_decay", 0.01)));
    }

    @BeforeAll
    static void referenceFromTorch() throws Exception {
        Engines.init();
        List<Map<String, Object>> input = new ArrayList<>();
        for (Case c : CASES.values()) {
            input.add(
                    Map.of(
                            "rule", c.rule(),
                            "options", c.options(),
                            "params", List.of(start(0), start(1)),
                            "grads", allGrads(),
                            "lrs", LRS,
                            "scales", SCALES));
        }
        JsonObject out = TorchReference.run("reference_optim.py", input);
        expected = new ArrayList<>();
        for (var result : out.getAsJsonArray("results")) {
            List<float[]> params = new ArrayList<>();
            for (var param : result.getAsJsonArray()) {
                params.add(floats(param.getAsJsonArray()));
            }
            expected.add(params);
        }
        expectedStates = new ArrayList<>();
        for (var caseStates : out.getAsJsonArray("states")) {
            List<Map<String, float[]>> perParam = new ArrayList<>();
            for (var state : caseStates.getAsJsonArray()) {
                Map<String, float[]> named = new LinkedHashMap<>();
                for (var e : state.getAsJsonObject().entrySet()) {
                    named.put(
                            e.getKey(),
                            e.getValue().isJsonArray()
                                    ? floats(e.getValue().getAsJsonArray())
                                    : new float[] {e.getValue().getAsFloat()});
                }
                perParam.add(named);
            }
            expectedStates.add(perParam);
        }
    }

    @Test
    void updateThroughDjlOptimizerApiMatchesTorch() {
        int index = 0;
        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            List<float[]> actual = runWithUpdate(entry.getValue().optimizer().get());
            assertMatches(entry.getKey() + " via update()", expected.get(index++), actual);
        }
    }

    @Test
    void multiTensorStepWithAutogradMatchesTorch() {
        int index = 0;
        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            List<float[]> actual = runWithStep(entry.getValue().optimizer().get());
            assertMatches(entry.getKey() + " via step()", expected.get(index++), actual);
        }
    }

    @Test
    void stateHasTorchsNamesAndValuesAfterFiveSteps() {
        int index = 0;
        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            List<Map<String, float[]>> torchStates = expectedStates.get(index++);
            FusedOptimizer optimizer = entry.getValue().optimizer().get();
            try (NDManager manager = NDManager.newBaseManager()) {
                List<Parameter> params = parameters(manager);
                steps(optimizer, params, 0, LRS.length);
                for (int p = 0; p < params.size(); p++) {
                    Map<String, NDArray> state = optimizer.getState(params.get(p));
                    Map<String, float[]> want = torchStates.get(p);
                    String what = entry.getKey() + " parameter " + p;
                    assertEquals(want.keySet(), state.keySet(), what + " state names");
                    for (String name : want.keySet()) {
                        assertClose(
                                what + " " + name, want.get(name), state.get(name).toFloatArray());
                    }
                }
            }
        }
    }

    @Test
    void stateSetIntoAFreshOptimizerContinuesLikeTorch() {
        // Three steps, state handed over (as a checkpoint does), two more steps in a new optimiser
        // on the same weights: the result must be torch's five uninterrupted steps.
        int index = 0;
        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            FusedOptimizer first = entry.getValue().optimizer().get();
            FusedOptimizer second = entry.getValue().optimizer().get();
            try (NDManager manager = NDManager.newBaseManager()) {
                List<Parameter> params = parameters(manager);
                steps(first, params, 0, 3);
                for (Parameter p : params) {
                    second.setState(p, first.getState(p));
                }
                steps(second, params, 3, LRS.length);
                assertMatches(
                        entry.getKey() + " resumed after 3 steps",
                        expected.get(index++),
                        params.stream().map(p -> p.getArray().toFloatArray()).toList());
            }
        }
    }

    @Test
    void setStateRefusesAnotherRulesStateNamingTheParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(manager);
            Sgd sgd = Sgd.builder().optMomentum(0.9f).build();
            steps(sgd, params, 0, 1);
            Adam adam = Adam.builder().build();
            var wrongNames =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> adam.setState(params.get(0), sgd.getState(params.get(0))));
            assertEquals(
                    "Adam state for parameter 'w0' must hold [step, exp_avg, exp_avg_sq], got"
                            + " [momentum_buffer]; was it saved by another optimiser?",
                    wrongNames.getMessage());
            var wrongShape =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> sgd.setState(params.get(1), sgd.getState(params.get(0))));
            assertEquals(
                    "SGD state 'momentum_buffer' for parameter 'w1' is float32 (3, 4), expected"
                            + " float32 (5).",
                    wrongShape.getMessage());
            var noMomentum =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    Sgd.builder()
                                            .build()
                                            .setState(params.get(0), sgd.getState(params.get(0))));
            assertTrue(noMomentum.getMessage().contains("optMomentum"), noMomentum.getMessage());
            sgd.setState(params.get(0), Map.of());
            assertTrue(sgd.getState(params.get(0)).isEmpty(), "an empty map clears the state");
        }
    }

    @Test
    void frozenParametersAreSkippedAndKeepTheirState() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(manager);
            params.get(1).freeze(true);
            float[] before = params.get(1).getArray().toFloatArray();
            Adam adam = Adam.builder().build();
            for (int step = 0; step < 2; step++) {
                backward(params, step);
                adam.step(params);
            }
            assertArrayEquals(before, params.get(1).getArray().toFloatArray());
            assertEquals(2, adam.getStepCount(params.get(0).getId()));
            assertEquals(0, adam.getStepCount(params.get(1).getId()));
        }
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        Adam adam = Adam.builder().build();
        var error = assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(-1f));
        assertEquals("learning rate must be finite and >= 0, got -1.0", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optBetas(1f, 0.9f));
        assertThrows(
                IllegalArgumentException.class,
                () -> Sgd.builder().optNesterov().build(),
                "Nesterov without momentum");
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optClipGrad(1f).build());
    }

    private static List<float[]> runWithUpdate(FusedOptimizer optimizer) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(manager);
            optimizer.setLearningRateScale(List.of(params.get(1)), SCALES[1]);
            for (int step = 0; step < LRS.length; step++) {
                optimizer.setLearningRate(LRS[step]);
                for (int p = 0; p < params.size(); p++) {
                    NDArray grad = manager.create(grad(p, step), new Shape(SHAPES[p]));
                    optimizer.update(params.get(p).getId(), params.get(p).getArray(), grad);
                }
            }
            return params.stream().map(p -> p.getArray().toFloatArray()).toList();
        }
    }

    /** Steps {@code from} to {@code to} (exclusive) of the shared schedule, through step(). */
    private static void steps(FusedOptimizer optimizer, List<Parameter> params, int from, int to) {
        optimizer.setLearningRateScale(List.of(params.get(1)), SCALES[1]);
        for (int step = from; step < to; step++) {
            optimizer.setLearningRate(LRS[step]);
            backward(params, step);
            optimizer.step(params);
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    expected[i], actual[i], 1e-7 + 1e-5 * Math.abs(expected[i]), what + " " + i);
        }
    }

    private static List<float[]> runWithStep(FusedOptimizer optimizer) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(manager);
            optimizer.setLearningRateScale(List.of(params.get(1)), SCALES[1]);
            for (int step = 0; step < LRS.length; step++) {
                optimizer.setLearningRate(LRS[step]);
                backward(params, step);
                optimizer.step(params);
            }
            return params.stream().map(p -> p.getArray().toFloatArray()).toList();
        }
    }

    /** Makes autograd produce exactly this step's gradients: d/dw sum(w * g) = g. */
    private static void backward(List<Parameter> params, int step) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (int p = 0; p < params.size(); p++) {
                NDArray w = params.get(p).getArray();
                NDArray term = w.mul(w.getManager().create(grad(p, step), w.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    private static List<Parameter> parameters(NDManager manager) {
        List<Parameter> params = new ArrayList<>();
        for (int p = 0; p < SHAPES.length; p++) {
            NDArray array = manager.create(start(p), new Shape(SHAPES[p]));
            array.setRequiresGradient(true);
            params.add(
                    Parameter.builder()
                            .setName("w" + p)
                            .setType(Parameter.Type.WEIGHT)
                            .optArray(array)
                            .build());
        }
        return params;
    }

    private static float[] start(int p) {
        float[] values = new float[(int) new Shape(SHAPES[p]).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(0.37 * i + 0.5 + p);
        }
        return values;
    }

    private static float[] grad(int p, int step) {
        float[] values = new float[(int) new Shape(SHAPES[p]).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (0.1 * (step + 1) * Math.cos(0.7 * i + 1.3 * step + p));
        }
        return values;
    }

    private static List<List<float[]>> allGrads() {
        List<List<float[]>> grads = new ArrayList<>();
        for (int step = 0; step < LRS.length; step++) {
            grads.add(List.of(grad(0, step), grad(1, step)));
        }
        return grads;
    }

    private static float[] floats(JsonArray array) {
        List<Float> flat = new ArrayList<>();
        flatten(array, flat);
        float[] values = new float[flat.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.get(i);
        }
        return values;
    }

    private static void flatten(JsonArray array, List<Float> into) {
        for (var element : array) {
            if (element.isJsonArray()) {
                flatten(element.getAsJsonArray(), into);
            } else {
                into.add(element.getAsFloat());
            }
        }
    }

    private static void assertMatches(String what, List<float[]> expected, List<float[]> actual) {
        for (int p = 0; p < expected.size(); p++) {
            float[] e = expected.get(p);
            float[] a = actual.get(p);
            assertEquals(e.length, a.length, what + " parameter " + p + " size");
            for (int i = 0; i < e.length; i++) {
                assertEquals(
                        e[i],
                        a[i],
                        2e-6 + 1e-5 * Math.abs(e[i]),
                        what + " parameter " + p + " element " + i);
            }
        }
    }
}
