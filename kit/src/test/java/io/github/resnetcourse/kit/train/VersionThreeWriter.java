package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.resnetcourse.kit.optim.ParameterOptimizer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The previous kit's checkpoint writer (format v3: one flat JSON object, then weights, optimizer
 * state and callbacks' arrays in fixed sections), kept in the tests so that files written by it are
 * shown to load with today's code. Its JSON fields and byte layout are the v3 kit's, as {@code
 * CheckpointFile} documents them.
 */
final class VersionThreeWriter {
    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private VersionThreeWriter() {}

    /** The v3 kit's settings object, field by field. */
    static final class Meta {
        int epoch;
        long iterations;
        String metric;
        double metricValue;
        String stage;
        double learningRate;
        String optimizer;
        int gradientAccumulation;
        String savedAt;
        List<EpochRecord> epochs;
        List<BatchRecord> batches;
        String schedule;
        String optimizerSettings;
        Map<String, Double> learningRateScales;
        List<String> frozen;
        Map<String, Double> scheduleState;
        Long seed;
        List<EarlyStopping.Saved> earlyStopping;
        String batchNormWhenFrozen;
    }

    private record Array(String first, String second, byte[] bytes) {}

    /** Writes {@code learner} as the v3 kit's {@code Checkpoint.save(file, learner)} did. */
    static void save(Path file, Learner learner) {
        save(file, learner, null, Double.NaN);
    }

    /** As the v3 kit's {@code Checkpoint.save(file, learner, metric, value)}. */
    static void save(Path file, Learner learner, Metric metric, double value) {
        Map<String, String> names = ModelWeights.namesById(learner.block());
        Optimization optimization = learner.optimization();
        Meta m = new Meta();
        m.epoch = learner.epochsDone();
        m.iterations = learner.iterations();
        m.metric = metric == null ? null : metric.name();
        m.metricValue = value;
        m.stage = learner.stage();
        m.learningRate = learner.learningRate();
        m.gradientAccumulation = learner.gradientAccumulation();
        m.savedAt = Instant.now().toString();
        m.epochs = new ArrayList<>(learner.history().epochs());
        m.batches = new ArrayList<>(learner.history().batches());
        m.seed = learner.progress().seed();
        m.learningRateScales = new LinkedHashMap<>(optimization.rate().state(names).scales());
        Freezing.State freezing = learner.freezing().state(names);
        m.frozen = freezing.frozen();
        m.batchNormWhenFrozen = freezing.batchNorm().name();
        ParameterOptimizer optimizer = learner.parameterOptimizer();
        m.optimizer = optimizer == null ? null : optimizer.asDjl().getClass().getName();
        List<Array> state = new ArrayList<>();
        if (optimizer != null && optimizer.savesState()) {
            m.optimizerSettings = optimizer.describeSettings();
            for (Parameter p : learner.learnableParameters()) {
                for (Map.Entry<String, NDArray> e : optimizer.getState(p).entrySet()) {
                    state.add(new Array(names.get(p.getId()), e.getKey(), e.getValue().encode()));
                }
            }
        }
        LrSchedule schedule = learner.schedule();
        m.schedule = schedule == null ? null : schedule.describe();
        if (schedule != null && optimization.scheduleStarted()) {
            m.scheduleState = new LinkedHashMap<>(schedule.state());
        }
        List<Array> callbackArrays = new ArrayList<>();
        m.earlyStopping = new ArrayList<>();
        for (Callback c : learner.callbacks()) {
            if (c instanceof EarlyStopping es) {
                EarlyStopping.State s = es.state(learner);
                String owner = "early_stopping/" + m.earlyStopping.size();
                s.arrays()
                        .forEach(
                                (name, array) ->
                                        callbackArrays.add(new Array(owner, name, array.encode())));
                m.earlyStopping.add(s.settings());
            }
        }
        List<Array> weights = new ArrayList<>();
        for (Pair<String, Parameter> p : learner.block().getParameters()) {
            weights.add(new Array(p.getKey(), null, p.getValue().getArray().encode()));
        }
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF("resnet-course checkpoint v3");
            writeBytes(out, GSON.toJson(m).getBytes(StandardCharsets.UTF_8));
            out.writeInt(weights.size());
            for (Array a : weights) {
                out.writeUTF(a.first());
                writeBytes(out, a.bytes());
            }
            out.writeInt(state.size());
            for (Array a : state) {
                out.writeUTF(a.first()); // parameter
                out.writeUTF(a.second()); // state name
                writeBytes(out, a.bytes());
            }
            out.writeInt(callbackArrays.size());
            for (Array a : callbackArrays) {
                out.writeUTF(a.first()); // owner
                out.writeUTF(a.second()); // parameter
                writeBytes(out, a.bytes());
            }
            out.writeUTF("end");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
