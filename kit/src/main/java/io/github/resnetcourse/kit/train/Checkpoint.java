package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint in one file: the weights of every parameter (by name, in DJL's NDArray
 * encoding) plus what a resume needs — epoch, monitored metric and value, learning rate, optimizer
 * and schedule settings, the history. Written to a temporary file and renamed, so a crash or an
 * interrupt never leaves a half-written checkpoint behind.
 *
 * <p>Optimizer moments (Adam's m and v) are not included: DJL's optimizers keep them private. A
 * resumed run therefore restarts the moments, as PyTorch does when only {@code state_dict} is
 * reloaded.
 */
public final class Checkpoint {
    private static final String MAGIC = "resnet-course checkpoint v1";
    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;
    private final Meta meta;

    /** The settings and progress stored next to the weights. */
    static final class Meta {
        int epoch;
        long iterations;
        String metric;
        double metricValue;
        String stage;
        double learningRate;
        String optimizer;
        String schedule;
        int gradientAccumulation;
        String savedAt;
        List<EpochRecord> epochs;
        List<BatchRecord> batches;
    }

    private Checkpoint(Path file, Meta meta) {
        this.file = file;
        this.meta = meta;
    }

    /**
     * Saves {@code learner}'s weights and progress to {@code file}, atomically.
     *
     * @param metric the metric the checkpoint was chosen by (or null)
     * @param value its value
     */
    public static void save(Path file, Learner learner, Metric metric, double value) {
        Meta m = new Meta();
        m.epoch = learner.epochsDone();
        m.iterations = learner.iterations();
        m.metric = metric == null ? null : metric.name();
        m.metricValue = value;
        m.stage = learner.stage();
        m.learningRate = learner.learningRate();
        m.optimizer = learner.optimizer() == null ? null : learner.optimizer().getClass().getName();
        m.schedule = learner.schedule() == null ? null : learner.schedule().describe();
        m.gradientAccumulation = learner.gradientAccumulation();
        m.savedAt = Instant.now().toString();
        m.epochs = new ArrayList<>(learner.history().epochs());
        m.batches = new ArrayList<>(learner.history().batches());
        write(file, learner.block(), m);
    }

    private static void write(Path file, Block block, Meta meta) {
        try {
            AtomicFiles.write(
                    file,
                    tmp -> {
                        try (DataOutputStream out =
                                new DataOutputStream(
                                        new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                            out.writeUTF(MAGIC);
                            byte[] json =
                                    GSON.toJson(meta)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                            out.writeInt(json.length);
                            out.write(json);
                            List<Pair<String, Parameter>> params =
                                    block.getParameters().stream().toList();
                            out.writeInt(params.size());
                            for (Pair<String, Parameter> p : params) {
                                byte[] bytes = p.getValue().getArray().encode();
                                out.writeUTF(p.getKey());
                                out.writeInt(bytes.length);
                                out.write(bytes);
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint " + file + ": " + e, e);
        }
    }

    /** Reads a checkpoint's settings (the weights are read by {@link #loadWeightsInto}). */
    public static Checkpoint read(Path file) {
        try (DataInputStream in = open(file)) {
            int len = in.readInt();
            byte[] json = in.readNBytes(len);
            if (json.length != len) {
                throw new EOFException("settings cut short");
            }
            Meta meta =
                    GSON.fromJson(
                            new String(json, java.nio.charset.StandardCharsets.UTF_8), Meta.class);
            return new Checkpoint(file, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "no such file; train with SaveBestModel.to(path) to create it first");
        }
        DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            in.close();
            throw new IOException("not a course checkpoint (unreadable header)", e);
        }
        if (!MAGIC.equals(magic)) {
            in.close();
            throw new IOException("not a course checkpoint (header '" + magic + "')");
        }
        return in;
    }

    /**
     * Copies the stored weights into {@code block}, in place, checking that every parameter exists
     * with the same shape.
     */
    public void loadWeightsInto(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        try (DataInputStream in = open(file);
                NDManager scratch = NDManager.newBaseManager()) {
            int len = in.readInt();
            in.skipNBytes(len);
            int count = in.readInt();
            if (count != byName.size()) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + " holds "
                                + count
                                + " parameters but the model has "
                                + byName.size()
                                + "; it was saved from a different architecture.");
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = in.readNBytes(in.readInt());
                Parameter target = byName.get(name);
                if (target == null) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + " has parameter '"
                                    + name
                                    + "' the model lacks.");
                }
                NDArray stored = NDArray.decode(scratch, bytes);
                NDArray live = target.getArray();
                if (!stored.getShape().equals(live.getShape())) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + ": parameter '"
                                    + name
                                    + "' has shape "
                                    + stored.getShape()
                                    + ", the model "
                                    + live.getShape()
                                    + ".");
                }
                stored.copyTo(live);
                stored.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resumes {@code learner} from this checkpoint: weights, epoch and iteration counters, learning
     * rate and history. Training continues with the next epoch.
     */
    public void resume(Learner learner) {
        loadWeightsInto(learner.block());
        learner.restoreProgress(
                meta.epoch,
                meta.iterations,
                meta.learningRate,
                meta.epochs == null ? List.of() : meta.epochs,
                meta.batches == null ? List.of() : meta.batches);
        learner.setStage(meta.stage == null ? learner.stage() : meta.stage);
    }

    /** The epoch the checkpoint was written after. */
    public int epoch() {
        return meta.epoch;
    }

    /** The metric the checkpoint was chosen by, or null. */
    public Metric metric() {
        return meta.metric == null ? null : Metric.valueOf(meta.metric);
    }

    /** The metric's value at {@link #epoch()}. */
    public double metricValue() {
        return meta.metricValue;
    }

    /** The learning rate in force when saved. */
    public double learningRate() {
        return meta.learningRate;
    }

    /** The optimizer's class name, or null if none had been created. */
    public String optimizer() {
        return meta.optimizer;
    }

    /** The schedule's description, or null. */
    public String schedule() {
        return meta.schedule;
    }

    /** The stage label when saved. */
    public String stage() {
        return meta.stage;
    }

    /** Gradient accumulation in force when saved. */
    public int gradientAccumulation() {
        return meta.gradientAccumulation;
    }

    /** The epochs recorded up to the checkpoint. */
    public List<EpochRecord> epochs() {
        return meta.epochs == null ? List.of() : List.copyOf(meta.epochs);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "Checkpoint["
                + file
                + ", epoch "
                + meta.epoch
                + ", "
                + meta.metric
                + "="
                + meta.metricValue
                + "]";
    }
}
