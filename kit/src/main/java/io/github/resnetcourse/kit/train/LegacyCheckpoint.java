package io.github.resnetcourse.kit.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.train.CheckpointFile.EntryConsumer;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Reads the files of earlier kits (format versions 1 to 3: one flat JSON object and fixed array
 * sections) into the parts of version 4, so that {@link Checkpoint} knows one layout only. What a
 * version lacks stays absent: version 2 has no early-stopping state, version 1 no optimizer state,
 * rate scales, frozen parameters, schedule state or seed.
 */
final class LegacyCheckpoint {
    private LegacyCheckpoint() {}

    /** Reads a version-1-to-3 file's array sections, reporting them under their v4 parts. */
    static void scanArrays(
            DataInputStream in, int version, Predicate<String> wanted, EntryConsumer consumer)
            throws IOException {
        int weights = CheckpointFile.count(in, "weights");
        boolean keepWeights = wanted.test(CheckpointParts.MODEL);
        for (int i = 0; i < weights; i++) {
            String name = in.readUTF();
            CheckpointFile.readEntry(in, CheckpointParts.MODEL, name, "", keepWeights, consumer);
        }
        if (version < 2) {
            return;
        }
        int states = CheckpointFile.count(in, "optimizer state");
        boolean keepState = wanted.test(CheckpointParts.OPTIMIZER);
        for (int i = 0; i < states; i++) {
            String name = in.readUTF();
            String state = in.readUTF();
            CheckpointFile.readEntry(
                    in, CheckpointParts.OPTIMIZER, name, state, keepState, consumer);
        }
        if (version < 3) {
            return;
        }
        int arrays = CheckpointFile.count(in, "callback arrays");
        for (int i = 0; i < arrays; i++) {
            // Version 3 already named its early-stopping arrays by part: "early_stopping/0", ...
            String owner = in.readUTF();
            String name = in.readUTF();
            CheckpointFile.readEntry(in, owner, name, "", wanted.test(owner), consumer);
        }
    }

    /** The flat settings of a version-1-to-3 file as version 4's parts. */
    static JsonObject toParts(JsonObject flat, int version) {
        JsonObject parts = new JsonObject();
        JsonObject progress = new JsonObject();
        copy(flat, "epoch", progress, "epoch");
        copy(flat, "iterations", progress, "iterations");
        copy(flat, "stage", progress, "stage");
        parts.add(CheckpointParts.PROGRESS, progress);

        JsonObject run = new JsonObject();
        copy(flat, "gradientAccumulation", run, "gradientAccumulation");
        copy(flat, "savedAt", run, "savedAt");
        parts.add(CheckpointParts.RUN, run);

        JsonObject history = new JsonObject();
        history.add("epochs", orEmpty(flat.get("epochs")));
        history.add("batches", orEmpty(flat.get("batches")));
        parts.add(CheckpointParts.HISTORY, history);

        JsonObject rate = new JsonObject();
        copy(flat, "learningRate", rate, "rate");
        rate.add("scales", orEmptyObject(flat.get("learningRateScales")));
        parts.add(CheckpointParts.LEARNING_RATE, rate);

        if (present(flat, "metric")) {
            JsonObject best = new JsonObject();
            copy(flat, "metric", best, "metric");
            copy(flat, "metricValue", best, "value");
            parts.add(CheckpointParts.BEST_MODEL, best);
        }
        if (version < 2) {
            // Weights, counters, history and rate only: the resume says what starts afresh.
            return parts;
        }
        if (present(flat, "optimizer")) {
            JsonObject optimizer = new JsonObject();
            copy(flat, "optimizer", optimizer, "className");
            copy(flat, "optimizerSettings", optimizer, "settings");
            optimizer.addProperty("savesState", present(flat, "optimizerSettings"));
            parts.add(CheckpointParts.OPTIMIZER, optimizer);
        }
        if (present(flat, "schedule")) {
            JsonObject schedule = new JsonObject();
            copy(flat, "schedule", schedule, "description");
            copy(flat, "scheduleState", schedule, "progress");
            parts.add(CheckpointParts.SCHEDULE, schedule);
        }
        JsonObject freezing = new JsonObject();
        freezing.add("frozen", orEmpty(flat.get("frozen")));
        // Written before the choice existed: the seeds' behaviour.
        freezing.addProperty(
                "batchNorm",
                present(flat, "batchNormWhenFrozen")
                        ? flat.get("batchNormWhenFrozen").getAsString()
                        : BatchNormWhenFrozen.TRAINING_STATISTICS.name());
        parts.add(CheckpointParts.FREEZING, freezing);
        if (present(flat, "seed")) {
            JsonObject order = new JsonObject();
            copy(flat, "seed", order, "seed");
            parts.add(CheckpointParts.DATA_ORDER, order);
        }
        if (version >= 3 && flat.get("earlyStopping") instanceof JsonArray stoppers) {
            for (int i = 0; i < stoppers.size(); i++) {
                parts.add(CheckpointParts.earlyStopping(i), stoppers.get(i));
            }
        }
        return parts;
    }

    private static boolean present(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull();
    }

    private static void copy(JsonObject from, String name, JsonObject to, String as) {
        if (present(from, name)) {
            to.add(as, from.get(name));
        }
    }

    private static JsonElement orEmpty(JsonElement e) {
        return e == null || e.isJsonNull() ? new JsonArray() : e;
    }

    private static JsonElement orEmptyObject(JsonElement e) {
        return e == null || e.isJsonNull() ? new JsonObject() : e;
    }
}
