package io.github.resnetcourse.kit.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.data.EpochAware;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.eval.EvalResult;
import io.github.resnetcourse.kit.eval.Evaluator;
import io.github.resnetcourse.kit.eval.RunningMetrics;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ParameterGroups;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.optim.ParameterOptimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The kit's one training loop: a model, its data, a loss and an optimizer, with callbacks hooked
 * before and after fit, epoch, batch and validation (fastai's design on DJL).
 *
 * <pre>{@code
 * Learner learn = Learner.builder()
 *         .setModel(model)                       // a Block or a Model
 *         .setData(trainSet, testSet)
 *         .optOptimizer(OptimizerFactory.adam(1e-4)).optLearningRate(1e-3)
 *         .optSchedule(ReduceLrOnPlateau.onValidLoss().factor(0.5).patience(2))
 *         .build();
 * History h = learn.fineTune(40, 5, 1e-4);       // 5 epochs frozen, then unfrozen at lr 1e-4
 * }</pre>
 *
 * <p>The loop is a lean one over DJL's {@link GradientCollector} rather than DJL's {@code Trainer}:
 * it needs to own the optimizer step (gradient accumulation, schedules, frozen parameters), and
 * every batch's arrays — inputs, activations, loss — live in the batch's own manager and are freed
 * when the batch closes, so memory stays flat across epochs. The model is initialised with a batch
 * of one (shape inference on full-size tensors costs time and memory).
 *
 * <p>{@link #fit} can be called again after changing the learning rate, the frozen part, the
 * schedule or the optimizer; the weights carry over. The loop checks for a thread interrupt (the
 * notebook's stop button) before every batch, stops cleanly, keeps the history and re-asserts the
 * interrupt. In smoke mode ({@link Env#maxBatches()}, {@link Env#maxEpochs()}) batches per epoch
 * and epochs per fit are capped automatically, so notebook cells carry the seeds' numbers.
 *
 * <p>A run saved with {@link Checkpoint#save} or {@link SaveBestModel} continues exactly in a new
 * learner built the same way: {@code Checkpoint.read(path).resume(learner)} before {@code fit}.
 */
public final class Learner implements AutoCloseable {

    static {
        // Outside the kernel (tests, command-line tools) the learner is the kit's entry point:
        // tune the engine before it loads (docs/performance.md, Training).
        Engines.init();
    }

    private final Model model;

    /**
     * Parent of every batch the learner reads. It lives as long as the model: DJL's prefetching
     * iterator keeps decoding the next batches on worker threads after the loop stops early (the
     * smoke-mode batch cap, an interrupt), and closing their manager under them crashes libtorch (a
     * use-after-free in {@code torch.stack}). Batches are closed one by one instead.
     */
    private final NDManager dataManager;

    private final boolean ownsModel;
    private final Block block;
    private final Dataset trainData;
    private final Dataset validData;
    private final Loss loss;
    private final LearningRate lr;
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final History history = new History();
    private final int accumulation;
    private final Integer maxBatches;
    private final Integer maxEpochs;
    private final Precision precision;
    private final List<Parameter> learnable;
    private final Freezing freezing;
    private final OptionalInt batchesPerEpoch;

    private OptimizerFactory optimizerFactory;
    private ParameterOptimizer optimizer;
    private LrSchedule schedule;
    private boolean scheduleStarted;
    private long seed;
    private String stage = "train";
    private int epochsDone;
    private long iterations;
    private String stopMessage;
    private StopReason lastStop = StopReason.COMPLETED;

    private Learner(Builder b) {
        this.ownsModel = b.model == null || b.closeModel;
        this.model = b.model != null ? b.model : Model.newInstance("learner");
        if (b.model == null) {
            model.setBlock(b.block);
        }
        this.block = model.getBlock();
        this.trainData = b.train;
        this.validData = b.valid;
        this.loss = b.loss;
        this.lr =
                LearningRate.of(
                        b.learningRate != null
                                ? b.learningRate
                                : b.optimizerFactory.initialLearningRate().orElse(1e-3));
        this.optimizerFactory = b.optimizerFactory;
        this.schedule = b.schedule;
        this.accumulation = b.accumulation;
        Env env = Env.current();
        boolean runModeCaps = b.runModeCaps == RunModeCaps.APPLY;
        this.maxBatches =
                b.maxBatches != null || !runModeCaps ? b.maxBatches : env.maxBatches().orElse(null);
        this.maxEpochs =
                b.maxEpochs != null || !runModeCaps ? b.maxEpochs : env.maxEpochs().orElse(null);
        this.precision = resolvePrecision(b.precision, model.getNDManager().getDevice());
        this.dataManager = model.getNDManager().newSubManager();

        this.seed = b.seed;
        Reproducibility.seed(b.seed);
        Shape sampleShape = b.inputShape;
        int peekedBatchSize = -1;
        if (sampleShape == null || trainData instanceof RandomAccessDataset) {
            Pair<Shape, Integer> peek = peek(trainData, dataManager);
            if (sampleShape == null) {
                sampleShape = peek.getKey();
            }
            peekedBatchSize = peek.getValue();
        }
        if (!block.isInitialized()) {
            // Batch of one: shape inference allocates every activation once at this size.
            Shape one = new Shape(1).addAll(sampleShape.slice(1));
            block.initialize(model.getNDManager(), DataType.FLOAT32, one);
        }
        this.batchesPerEpoch = countBatches(trainData, peekedBatchSize, maxBatches);
        List<Parameter> weights = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            // Batch-norm running statistics are buffers: never trained, never unfrozen.
            if (!ImageClassifier.isBuffer(p.getValue())) {
                weights.add(p.getValue());
            }
        }
        this.learnable = Collections.unmodifiableList(weights);
        this.freezing = new Freezing(block, parameterGroups(b, block), learnable);
        addCallback(history);
        b.callbacks.forEach(this::addCallback);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- training

    /**
     * Trains for {@code epochs} epochs with the current optimizer, rate, schedule and frozen part,
     * continuing from the current weights. Returns the learner's whole history.
     *
     * <p>In smoke mode (or under {@code COURSE_EPOCHS}) each call runs at most {@link
     * Env#maxEpochs()} epochs and says so, so a notebook cell can ask for the seed's numbers.
     */
    public History fit(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs=" + epochs + " must be >= 0.");
        }
        if (maxEpochs != null && epochs > maxEpochs) {
            System.out.printf(
                    Locale.ROOT,
                    "(%d of %d epochs: the run mode caps each fit; full mode trains all %d)%n",
                    maxEpochs,
                    epochs,
                    epochs);
            epochs = maxEpochs;
        }
        stopMessage = null;
        if (optimizer == null) {
            optimizer = ParameterOptimizer.of(optimizerFactory.create(lr));
        }
        syncScales();
        // Weights restored or loaded since the last fit are NCHW again; convolutions run fastest
        // channels-last (engine.ChannelsLast).
        ChannelsLast.apply(block);
        List<Parameter> trainable = currentlyTrainable();
        FitPlan plan = new FitPlan(epochs, stepsPerEpoch());
        if (schedule != null && !scheduleStarted) {
            lr.set(schedule.start(lr.get(), plan));
            scheduleStarted = true;
        }
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        StopReason reason = StopReason.COMPLETED;
        try {
            signal(notifyAll(c -> c.beforeFit(this, plan)));
            for (int e = 0; e < epochs; e++) {
                runEpoch(ps, trainable);
            }
        } catch (StopTraining stop) {
            reason = stop.reason();
            stopMessage = stop.getMessage();
        }
        StopReason ended = reason;
        notifyAll(c -> c.afterFit(this, ended)); // the fit is over: a stop here changes nothing
        if (reason == StopReason.INTERRUPTED) {
            System.out.println(stopMessage);
            // Keep the interrupt visible to whatever runs next in the same cell.
            Thread.currentThread().interrupt();
        } else if (reason == StopReason.NON_FINITE_LOSS) {
            System.out.println(stopMessage);
        }
        lastStop = reason;
        return history;
    }

    /**
     * Calls {@code event} on every callback in order, even after one of them asked to stop, and
     * returns the first {@link StopTraining} signal (null if none): every callback sees every
     * event.
     */
    private StopTraining notifyAll(java.util.function.Consumer<Callback> event) {
        StopTraining first = null;
        for (Callback c : callbacks) {
            try {
                event.accept(c);
            } catch (StopTraining stop) {
                first = first == null ? stop : first;
            }
        }
        return first;
    }

    private static void signal(StopTraining stop) {
        if (stop != null) {
            throw stop;
        }
    }

    /**
     * Attaches a new {@code schedule} (started now, like constructing a PyTorch scheduler) and
     * trains {@code epochs} epochs: seed 001's second stage, {@code StepLR(7, 0.1)} afresh.
     */
    public History fit(int epochs, LrSchedule newSchedule) {
        setSchedule(Objects.requireNonNull(newSchedule, "schedule"));
        return fit(epochs);
    }

    /**
     * The seeds' transfer-learning recipe in one call: freeze the body and train {@code
     * freezeEpochs} epochs (stage "frozen"), then unfreeze everything, set the learning rate to
     * {@code unfreezeLr} and train the remaining {@code totalEpochs - freezeEpochs} (stage
     * "unfrozen"). The optimizer, its state and the schedule carry over, as in seed 004.
     */
    public History fineTune(int totalEpochs, int freezeEpochs, double unfreezeLr) {
        return fineTune(totalEpochs, freezeEpochs, unfreezeLr, 1.0);
    }

    /**
     * As {@link #fineTune(int, int, double)}, with discriminative rates after unfreezing: the body
     * trains at {@code bodyLrFactor × unfreezeLr} (e.g. 0.1), the head at {@code unfreezeLr}.
     */
    public History fineTune(
            int totalEpochs, int freezeEpochs, double unfreezeLr, double bodyLrFactor) {
        if (freezeEpochs < 0 || freezeEpochs > totalEpochs) {
            throw new IllegalArgumentException(
                    "fineTune needs 0 <= freezeEpochs <= totalEpochs; got freezeEpochs="
                            + freezeEpochs
                            + ", totalEpochs="
                            + totalEpochs
                            + ".");
        }
        if (freezeEpochs > 0) {
            freeze();
            setStage("frozen");
            fit(freezeEpochs);
            if (lastStop != StopReason.COMPLETED) {
                return history;
            }
        }
        unfreeze();
        setStage("unfrozen");
        setLearningRate(unfreezeLr);
        setBodyLrFactor(bodyLrFactor);
        return fit(totalEpochs - freezeEpochs);
    }

    /**
     * One epoch: train on every batch, validate, record, let the callbacks judge it. Ends the fit
     * by throwing {@link StopTraining}: after the batch for an interrupt or a non-finite loss (the
     * epoch's number is used), after the epoch for early stopping.
     */
    private void runEpoch(ParameterStore ps, List<Parameter> trainable) {
        int epoch = epochsDone + 1;
        long start = System.nanoTime();
        // Each epoch's randomness depends only on the seed and its number, so that a resumed run
        // shuffles and augments exactly as the uninterrupted one would have.
        Reproducibility.seed(Reproducibility.forEpoch(seed, epoch));
        double epochLr = lr.get();
        signal(notifyAll(c -> c.beforeEpoch(this, epoch)));
        if (trainData instanceof EpochAware data) {
            // The data's order and augmentation follow (seed, epoch), like sampler.set_epoch(e).
            data.setEpoch(epoch);
        }
        RunningMetrics train = new RunningMetrics();
        Batches batches = trainBatches(ps, trainable, train, epoch);
        if (batches.stop() != null && !batches.stop().completesEpoch()) {
            discardGradients(trainable);
            // The epoch's updates are in the weights: its number is used, and the next fit goes on
            // with the next one rather than recording a second, different epoch under it.
            epochsDone = epoch;
            throw batches.stop();
        }
        double[] valid = validateEpoch(epoch);
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochRecord record =
                new EpochRecord(
                        epoch,
                        stage,
                        train.loss(),
                        train.accuracy(),
                        valid[0],
                        valid[1],
                        epochLr,
                        seconds,
                        batches.count());
        epochsDone = epoch;
        if (schedule != null) {
            lr.set(schedule.afterEpoch(lr.get(), record));
        }
        StopTraining judged = notifyAll(c -> c.afterEpoch(this, record));
        signal(batches.stop() != null ? batches.stop() : judged);
    }

    /** How an epoch's batches went: how many ran, and the signal that ended them early, if any. */
    private record Batches(int count, StopTraining stop) {}

    private Batches trainBatches(
            ParameterStore ps, List<Parameter> trainable, RunningMetrics train, int epoch) {
        int batchNo = 0;
        int pending = 0;
        StopTraining stop = null;
        try {
            Iterator<Batch> it = trainData.getData(dataManager).iterator();
            while (stop == null) {
                if (Thread.currentThread().isInterrupted()) {
                    Thread.interrupted(); // cleared for the clean-up below, re-set after fit
                    stop =
                            new StopTraining(
                                    StopReason.INTERRUPTED,
                                    String.format(
                                            Locale.ROOT,
                                            "Interrupted in epoch %d after %d batches; the history"
                                                    + " and the best checkpoint so far are kept.",
                                            epoch,
                                            batchNo));
                    break;
                }
                if ((maxBatches != null && batchNo >= maxBatches) || !it.hasNext()) {
                    break;
                }
                try (Batch batch = it.next()) {
                    int number = ++batchNo;
                    stop = notifyAll(c -> c.beforeBatch(this, epoch, number));
                    BatchRecord rec = trainBatch(ps, batch, train, epoch, batchNo);
                    pending++;
                    if (pending == accumulation) {
                        step(trainable);
                        pending = 0;
                    }
                    StopTraining after = notifyAll(c -> c.afterBatch(this, rec));
                    stop = stop != null ? stop : after;
                }
            }
            if (pending > 0 && stop == null) {
                // A short last group still updates: no gradient leaks into the next epoch.
                step(trainable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the training data: " + e, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Could not prepare a training batch: " + e, e);
        }
        return new Batches(batchNo, stop);
    }

    /** The validation loss and accuracy of {@code epoch} (NaN without validation data). */
    private double[] validateEpoch(int epoch) {
        if (validData == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        signal(notifyAll(c -> c.beforeValidate(this, epoch)));
        EvalResult r = evaluator().evaluate(validData, model.getNDManager());
        if (Thread.currentThread().isInterrupted()) {
            // A partial validation must not reach early stopping or the best checkpoint.
            Thread.interrupted();
            epochsDone = epoch;
            throw new StopTraining(
                    StopReason.INTERRUPTED,
                    "Interrupted while validating epoch "
                            + epoch
                            + "; the history and the best checkpoint so far are kept.");
        }
        signal(notifyAll(c -> c.afterValidate(this, epoch, r.loss(), r.accuracy())));
        return new double[] {r.loss(), r.accuracy()};
    }

    private BatchRecord trainBatch(
            ParameterStore ps, Batch batch, RunningMetrics train, int epoch, int batchNo) {
        NDList labels = batch.getLabels();
        NDList out;
        NDArray l;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = block.forward(ps, batch.getData(), true);
            l = loss.evaluate(labels, out);
            // With accumulation each batch contributes 1/k of the effective batch's mean loss.
            collector.backward(accumulation == 1 ? l : l.div(accumulation));
        }
        double batchLoss = l.getFloat();
        long correct = train.add(out.head(), labels.head(), batchLoss);
        iterations++;
        return new BatchRecord(
                iterations, epoch, batchNo, batchLoss, correct, batch.getSize(), lr.get(), stage);
    }

    /** One optimizer step, then one step of a per-batch schedule. */
    private void step(List<Parameter> trainable) {
        update(trainable);
        if (schedule != null) {
            lr.set(schedule.afterBatch(lr.get()));
        }
    }

    private void update(List<Parameter> trainable) {
        // The learner's rate is the one in force: handed to the kit's optimizers, read by DJL's
        // from their tracker (the same LearningRate).
        optimizer.step(trainable, lr.get());
    }

    private void discardGradients(List<Parameter> trainable) {
        for (Parameter p : trainable) {
            NDArray w = p.getArray();
            if (w.hasGradient()) {
                try (NDArray g = w.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** Gives the optimizer the learner's per-parameter rate scales (discriminative rates). */
    private void syncScales() {
        if (optimizer == null) {
            return; // the first fit creates it and syncs then
        }
        for (Parameter p : learnable) {
            optimizer.setRateScale(List.of(p), lr.scale(p.getId()));
        }
    }

    /** Why the last {@code fit} ended. */
    public StopReason lastStopReason() {
        return lastStop;
    }

    /** The message of the last early stop, or null. */
    public String lastStopMessage() {
        return stopMessage;
    }

    // ---------------------------------------------------------------- evaluation

    /** Evaluates the model on the validation data (loss, accuracy, time). */
    public EvalResult validate() {
        if (validData == null) {
            throw new IllegalStateException(
                    "No validation data: pass it with setData(train, valid).");
        }
        return evaluator().evaluate(validData, model.getNDManager());
    }

    /** Evaluates the model on {@code data} with this learner's loss and batch cap. */
    public EvalResult evaluate(Dataset data) {
        ChannelsLast.apply(block);
        return evaluator().evaluate(data, model.getNDManager());
    }

    private Evaluator evaluator() {
        Evaluator e = Evaluator.of(block, loss);
        if (maxBatches != null) {
            e.maxBatches(maxBatches);
        }
        return e;
    }

    // ---------------------------------------------------------------- rates, freezing, stages

    /** The learning rate the optimizer uses (for the head; the body may be scaled). */
    public double learningRate() {
        return lr.get();
    }

    /** Sets the learning rate for subsequent steps (the schedule continues from it). */
    public void setLearningRate(double value) {
        lr.set(value);
    }

    /** The learner's learning-rate tracker, for optimizers built outside the learner. */
    public LearningRate learningRateTracker() {
        return lr;
    }

    /**
     * Discriminative learning rates: the body trains at {@code factor ×} the head's rate (1 = the
     * same rate everywhere).
     */
    public void setBodyLrFactor(double factor) {
        lr.clearScales();
        if (factor != 1.0) {
            List<ParameterGroup> groups = freezing.groups();
            for (ParameterGroup g : groups.subList(0, groups.size() - 1)) {
                for (Parameter p : g.parameters()) {
                    lr.setScale(p.getId(), factor);
                }
            }
        }
        syncScales();
    }

    /** Replaces the optimizer (fresh state, e.g. new Adam moments) from the next {@code fit}. */
    public void setOptimizer(OptimizerFactory factory) {
        this.optimizerFactory = Objects.requireNonNull(factory, "factory");
        this.optimizer = null;
    }

    /** Replaces the schedule (null for none); it is started at the next {@code fit}. */
    public void setSchedule(LrSchedule newSchedule) {
        this.schedule = newSchedule;
        this.scheduleStarted = false;
    }

    /** The schedule in use, or null. */
    public LrSchedule schedule() {
        return schedule;
    }

    /**
     * Freezes every parameter group but the last, the head (fastai's {@code freeze()}, the seeds'
     * {@code requires_grad = False} outside {@code fc}); frozen batch-norm layers keep updating
     * their statistics, as in the seeds' PyTorch.
     */
    public void freeze() {
        freezeTo(-1);
    }

    /**
     * As {@link #freeze()}, with {@code batchNorm} deciding what the frozen batch-norm layers do
     * ({@link BatchNormWhenFrozen#FROZEN_STATISTICS}: Keras' inference mode).
     */
    public void freeze(BatchNormWhenFrozen batchNorm) {
        freezeTo(-1, batchNorm);
    }

    /**
     * Freezes the first {@code n} parameter groups and makes the others trainable (fastai's {@code
     * freeze_to(n)}); a negative {@code n} counts from the end, so {@code -1} leaves only the head
     * trainable. Batch-norm running statistics keep updating in frozen groups, as in the seeds'
     * PyTorch (the model is trained in {@code train()} mode).
     */
    public void freezeTo(int n) {
        freezeTo(n, BatchNormWhenFrozen.TRAINING_STATISTICS);
    }

    /** As {@link #freezeTo(int)}, with {@code batchNorm} deciding what frozen batch norm does. */
    public void freezeTo(int n, BatchNormWhenFrozen batchNorm) {
        freezing.freezeTo(n, batchNorm);
    }

    /**
     * Freezes the parameter groups from the first up to and including {@code lastFrozen} (e.g.
     * {@code "layer2"}, or AlexNet's {@code "features"}); the later groups train.
     *
     * @throws IllegalArgumentException naming the groups if there is none called {@code lastFrozen}
     */
    public void freezeThrough(String lastFrozen) {
        freezeThrough(lastFrozen, BatchNormWhenFrozen.TRAINING_STATISTICS);
    }

    /** As {@link #freezeThrough(String)}, with {@code batchNorm} deciding what frozen BN does. */
    public void freezeThrough(String lastFrozen, BatchNormWhenFrozen batchNorm) {
        freezing.freezeTo(freezing.through(lastFrozen), batchNorm);
    }

    /**
     * Unfreezes every learned parameter (batch-norm running statistics stay buffers), and every
     * batch-norm layer normalises by the batch again.
     */
    public void unfreeze() {
        freezing.unfreeze();
    }

    /** What frozen batch-norm layers do now. */
    public BatchNormWhenFrozen batchNormWhenFrozen() {
        return freezing.batchNorm();
    }

    /** The names of the model's parameter groups, from input to output (the head last). */
    public List<String> groupNames() {
        return freezing.groupNames();
    }

    /** Sets the stage label recorded with each epoch ("frozen", "unfrozen", ...). */
    public void setStage(String label) {
        this.stage = Objects.requireNonNull(label, "label");
    }

    /** The current stage label. */
    public String stage() {
        return stage;
    }

    private List<Parameter> currentlyTrainable() {
        List<Parameter> t = freezing.trainable();
        if (t.isEmpty()) {
            throw new IllegalStateException(
                    "Every parameter is frozen, so fit() would change nothing; call unfreeze() or"
                            + " check the head split.");
        }
        return t;
    }

    /** Trainable parameter count right now (frozen ones excluded). */
    public long trainableParameterCount() {
        long n = 0;
        for (Parameter p : learnable) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- state

    /** The history of every epoch and batch so far. */
    public History history() {
        return history;
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** The block being trained. */
    public Block block() {
        return block;
    }

    /** Epochs trained so far (across fits). */
    public int epochsDone() {
        return epochsDone;
    }

    /** Batches trained so far (across fits). */
    public long iterations() {
        return iterations;
    }

    /** The DJL optimizer of the current fit (created lazily at the first fit), or null. */
    public Optimizer optimizer() {
        return optimizer == null ? null : optimizer.asDjl();
    }

    /**
     * The optimizer the loop steps with, the kit's or an adapter for DJL's (created lazily at the
     * first fit), or null.
     */
    public ParameterOptimizer parameterOptimizer() {
        return optimizer;
    }

    /** The precision this learner actually trains in (see {@link Precision#MIXED}). */
    public Precision precision() {
        return precision;
    }

    /** Effective batch = batch size × this. */
    public int gradientAccumulation() {
        return accumulation;
    }

    /** Training batches per epoch (after the smoke cap), when the data reports its size. */
    public OptionalInt batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Adds a callback after every callback of the same or an earlier {@link Callback#order()}. */
    public void addCallback(Callback callback) {
        Objects.requireNonNull(callback, "callback");
        int at = 0;
        while (at < callbacks.size()
                && callbacks.get(at).order().compareTo(callback.order()) <= 0) {
            at++;
        }
        callbacks.add(at, callback); // after every callback of the same or an earlier order
    }

    /** The callbacks in call order: by {@link Callback#order()}, then as added. */
    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** The learned parameters (batch-norm running statistics excluded), frozen or not. */
    /** The freezing state, which a checkpoint restores. */
    Freezing freezing() {
        return freezing;
    }

    List<Parameter> learnableParameters() {
        return learnable;
    }

    /** Whether the schedule has been started (its state means something). */
    boolean scheduleStarted() {
        return scheduleStarted;
    }

    /** The run's seed, from which each epoch's randomness derives. */
    long seed() {
        return seed;
    }

    /**
     * Resume: the optimizer the next {@code fit} will use, created now if no fit has run yet, so a
     * checkpoint can load its state.
     */
    ParameterOptimizer optimizerForResume() {
        if (optimizer == null) {
            optimizer = ParameterOptimizer.of(optimizerFactory.create(lr));
        }
        return optimizer;
    }

    /**
     * Resume: continues the run saved with {@code runSeed}; {@code scheduleRestored} says the
     * schedule's state was loaded, so the next {@code fit} continues it rather than starting it.
     */
    void continueRun(long runSeed, boolean scheduleRestored) {
        this.seed = runSeed;
        this.scheduleStarted = scheduleRestored;
    }

    /** Restores epoch count, iteration count, history and rate (used by checkpoint resume). */
    void restoreProgress(
            int epochs, long iters, double rate, List<EpochRecord> eps, List<BatchRecord> bs) {
        this.epochsDone = epochs;
        this.iterations = iters;
        this.lr.set(rate);
        history.restore(eps, bs);
    }

    private OptionalInt stepsPerEpoch() {
        if (batchesPerEpoch.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((batchesPerEpoch.getAsInt() + accumulation - 1) / accumulation);
    }

    /**
     * Closes the model if the learner created it (built from a Block or an ImageClassifier; a
     * classifier's own parameters stay open until the classifier is closed).
     */
    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }

    // ---------------------------------------------------------------- construction helpers

    private static Precision resolvePrecision(Precision requested, Device device) {
        if (requested == Precision.MIXED) {
            // DJL 0.35's PyTorch engine binds no autocast or GradScaler, so there is no mixed
            // precision to switch on; say so rather than pretend.
            System.out.println(
                    "Mixed precision is unavailable on "
                            + device
                            + ": DJL's PyTorch engine exposes no autocast/GradScaler"
                            + (device.isGpu()
                                    ? " (on a GPU the kit still trains in float32)"
                                    : " and a CPU gains nothing from float16")
                            + ". Training in float32.");
        }
        return Precision.FLOAT32;
    }

    private static Pair<Shape, Integer> peek(Dataset data, NDManager manager) {
        try {
            Iterator<Batch> it = data.getData(manager).iterator();
            if (!it.hasNext()) {
                throw new IllegalArgumentException(
                        "The training data is empty: no batch to learn from. Check the dataset"
                                + " folder or its limit.");
            }
            try (Batch b = it.next()) {
                return new Pair<>(b.getData().head().getShape(), b.getSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the training data: " + e, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Could not prepare a training batch: " + e, e);
        }
    }

    private static OptionalInt countBatches(Dataset data, int batchSize, Integer cap) {
        if (!(data instanceof RandomAccessDataset r) || batchSize <= 0) {
            return cap == null ? OptionalInt.empty() : OptionalInt.of(cap);
        }
        long n = (r.size() + batchSize - 1) / batchSize;
        return OptionalInt.of((int) (cap == null ? n : Math.min(n, cap)));
    }

    /** The model's declared groups, or body/head from the builder's head names, or none. */
    private static List<ParameterGroup> parameterGroups(Builder b, Block block) {
        if (b.classifier != null) {
            return b.classifier.parameterGroups();
        }
        if (block instanceof ParameterGroups declared) {
            return declared.parameterGroups();
        }
        if (b.model instanceof ParameterGroups declared) {
            return declared.parameterGroups();
        }
        if (b.headParameters == null) {
            return List.of();
        }
        List<Parameter> head = new ArrayList<>();
        List<Parameter> body = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                (b.headParameters.test(p.getKey()) ? head : body).add(p.getValue());
            }
        }
        if (head.isEmpty()) {
            throw new IllegalArgumentException(
                    "optHeadParameters matched no parameter; names are like "
                            + block.getParameters().keys().stream().limit(3).toList()
                            + ".");
        }
        return List.of(new ParameterGroup("body", body), new ParameterGroup("head", head));
    }

    /** Builds a {@link Learner}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private Model model;
        private Block block;
        private ImageClassifier classifier;
        private boolean closeModel;
        private Dataset train;
        private Dataset valid;
        private Loss loss = Losses.crossEntropy();
        private OptimizerFactory optimizerFactory = OptimizerFactory.adam();
        private Double learningRate;
        private LrSchedule schedule;
        private final List<Callback> callbacks = new ArrayList<>();
        private int accumulation = 1;
        private Integer maxBatches;
        private Integer maxEpochs;
        private RunModeCaps runModeCaps = RunModeCaps.APPLY;
        private Precision precision = Precision.FLOAT32;
        private Shape inputShape;
        private Predicate<String> headParameters;
        private long seed = Env.current().seed();
        private boolean progress = true;
        private boolean nanGuard = true;

        private Builder() {}

        /** The network to train; the learner wraps it in a model it owns and closes. */
        public Builder setModel(Block network) {
            this.block = Objects.requireNonNull(network, "network");
            this.model = null;
            this.classifier = null;
            return this;
        }

        /**
         * A kit classifier: its body/head split drives freezing and discriminative rates; the
         * caller keeps ownership of the classifier (close it when done).
         */
        public Builder setModel(ImageClassifier classifier) {
            Objects.requireNonNull(classifier, "classifier");
            this.model = classifier.newModel();
            this.block = null;
            this.classifier = classifier;
            this.closeModel = true;
            return this;
        }

        /** A model (with its block set) to train; the caller keeps ownership. */
        public Builder setModel(Model existing) {
            this.model = Objects.requireNonNull(existing, "model");
            this.classifier = null;
            this.closeModel = false;
            if (existing.getBlock() == null) {
                throw new IllegalArgumentException(
                        "Model '" + existing.getName() + "' has no block; call setBlock first.");
            }
            this.block = null;
            return this;
        }

        /** Training data, and validation data evaluated after each epoch (may be null). */
        public Builder setData(Dataset trainSet, Dataset validSet) {
            this.train = Objects.requireNonNull(trainSet, "trainSet");
            this.valid = validSet;
            return this;
        }

        /**
         * The optimizer (default: the kit's Adam with PyTorch's defaults); see {@link
         * OptimizerFactory} for the two schedulable kinds.
         */
        public Builder optOptimizer(OptimizerFactory factory) {
            this.optimizerFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * A kit optimizer built elsewhere, e.g. {@code Adam.builder().optLearningRate(1e-3)
         * .optWeightDecay(1e-4).build()}; the learner starts at its rate and drives it.
         */
        public Builder optOptimizer(FusedOptimizer optimizer) {
            return optOptimizer(OptimizerFactory.of(optimizer));
        }

        /**
         * The starting learning rate (default: the optimizer factory's {@link
         * OptimizerFactory#initialLearningRate()}, else 1e-3).
         */
        public Builder optLearningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** The loss (default {@link Losses#crossEntropy()}). */
        public Builder optLoss(Loss value) {
            this.loss = Objects.requireNonNull(value, "loss");
            return this;
        }

        /** A learning-rate schedule; the learner steps it. */
        public Builder optSchedule(LrSchedule value) {
            this.schedule = value;
            return this;
        }

        /** Callbacks, called in this order after the history. */
        public Builder optCallbacks(Callback... values) {
            callbacks.addAll(List.of(values));
            return this;
        }

        /** Gradient accumulation: one optimizer step every {@code k} batches (effective k×). */
        public Builder optGradientAccumulation(int k) {
            if (k < 1) {
                throw new IllegalArgumentException(
                        "gradient accumulation k=" + k + " must be >= 1.");
            }
            this.accumulation = k;
            return this;
        }

        /** Caps batches per epoch (default: {@link Env#maxBatches()}, i.e. smoke mode's cap). */
        public Builder optMaxBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBatches=" + n + " must be >= 1.");
            }
            this.maxBatches = n;
            return this;
        }

        /**
         * Caps the epochs of every {@link Learner#fit} call (default: {@link Env#maxEpochs()}, i.e.
         * smoke mode's cap).
         */
        public Builder optMaxEpochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxEpochs=" + n + " must be >= 1.");
            }
            this.maxEpochs = n;
            return this;
        }

        /**
         * Whether the run mode's caps apply where {@link #optMaxBatches} and {@link #optMaxEpochs}
         * are not given (default {@link RunModeCaps#APPLY}). A demo already sized for a laptop uses
         * {@link RunModeCaps#IGNORE} so that smoke mode does not cut its curves to single points.
         */
        public Builder optRunModeCaps(RunModeCaps value) {
            this.runModeCaps = Objects.requireNonNull(value, "runModeCaps");
            return this;
        }

        /** Requested precision; see {@link Learner#precision()} for what is used. */
        public Builder optPrecision(Precision value) {
            this.precision = Objects.requireNonNull(value, "precision");
            return this;
        }

        /**
         * Input shape (with any batch size) to initialise an uninitialised model without peeking.
         */
        public Builder optInputShape(Shape shape) {
            this.inputShape = shape;
            return this;
        }

        /**
         * For models without {@link ParameterGroups}: which parameter names (as in {@code
         * block.getParameters()}) form the head; all others are the body.
         */
        public Builder optHeadParameters(Predicate<String> isHeadName) {
            this.headParameters = isHeadName;
            return this;
        }

        /**
         * The seed for initialisation and shuffling (default {@link Env#seed()}); each epoch is
         * seeded from it and its number, so a resumed run draws what the unbroken one would have.
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** No progress display (the history is still kept). */
        public Builder optNoProgress() {
            this.progress = false;
            return this;
        }

        /** Lets training continue on a NaN or infinite loss (default: stop with a message). */
        public Builder optAllowNonFiniteLoss() {
            this.nanGuard = false;
            return this;
        }

        /** Builds the learner (seeds, initialises the model with a batch of one). */
        public Learner build() {
            if (model == null && block == null) {
                throw new IllegalStateException("setModel(...) is required.");
            }
            if (train == null) {
                throw new IllegalStateException("setData(train, valid) is required.");
            }
            if (nanGuard) {
                callbacks.add(0, new NonFiniteLossGuard());
            }
            if (progress && callbacks.stream().noneMatch(c -> c instanceof Progress)) {
                callbacks.add(Progress.bar());
            }
            return new Learner(this);
        }
    }
}
