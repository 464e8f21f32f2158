package io.github.resnetcourse.kit.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.eval.EvalResult;
import io.github.resnetcourse.kit.eval.Evaluator;
import io.github.resnetcourse.kit.features.FrozenFeatures;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroups;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.optim.ParameterOptimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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
 * <p>{@link #fit} is the loop, on one screen; the engineering lives in small parts the learner
 * owns, each with its own state: {@link EpochRunner} (one epoch: batches, steps, validation),
 * {@link Optimization} (the optimizer, the learning rate with its group scales, the schedule),
 * {@link Freezing} (which parameter groups train, what frozen batch norm does), {@link RunProgress}
 * (epoch and batch counters, stage, seed), {@link CallbackList} (call order) and {@link History}.
 * {@link LearnerSetup} does the work of building.
 *
 * <p>The loop is a lean one over DJL's {@link GradientCollector} rather than DJL's {@code Trainer}:
 * it needs to own the optimizer step (gradient accumulation, schedules, frozen parameters), and
 * every batch's arrays — inputs, activations, loss — live in the batch's own manager and are freed
 * when the batch closes, so memory stays flat across epochs.
 *
 * <p>{@link #fit} can be called again after changing the learning rate, the frozen part, the
 * schedule or the optimizer; the weights carry over. The loop checks for a thread interrupt (the
 * notebook's stop button) before every batch, stops cleanly, keeps the history and re-asserts the
 * interrupt. In smoke mode (the builder's {@link RunSettings}, by default the notebook's) batches
 * per epoch and epochs per fit are capped automatically, so notebook cells carry the seeds'
 * numbers.
 *
 * <p>A run saved with {@link Checkpoint#save} or {@link SaveBestModel} continues exactly in a new
 * learner built the same way: {@code Checkpoint.read(path).resume(learner)} before {@code fit}.
 *
 * <p>Why this file is over 400 lines: it is the whole public face of training, so most of it is
 * Javadoc on one-line delegations to the parts above, plus the {@link Builder} (nested, as DJL's
 * builders are, so {@code Learner.builder()} reads as one idiom).
 */
public final class Learner implements AutoCloseable {

    static {
        // Outside the kernel (tests, command-line tools) the learner is the kit's entry point:
        // tune the engine before it loads (docs/performance.md, Training).
        Engines.init();
    }

    private final Model model;
    private final boolean ownsModel;
    private final Block block;
    private final Loss loss;
    private final Integer maxBatches;
    private final Integer maxEpochs;
    private final int accumulation;
    private final Precision precision;
    private final OptionalInt batchesPerEpoch;
    private final List<Parameter> learnable;

    private final CallbackList callbacks = new CallbackList();
    private final History history = new History();
    private final RunProgress progress;
    private final Optimization optimization;
    private final Freezing freezing;
    private final EpochRunner epochRunner;
    private final FrozenStages frozenStages;
    // A laptop plan that caches frozen stages runs all their epochs: they cost milliseconds.
    private final boolean cachedStagesUncapped;
    private final Dataset validData;

    private String stopMessage;
    private StopReason lastStop = StopReason.COMPLETED;

    private Learner(Builder b, RunSettings run, List<Callback> firstCallbacks) {
        this.ownsModel = b.model == null || b.closeModel;
        this.model = b.model != null ? b.model : Model.newInstance("learner");
        if (b.model == null) {
            model.setBlock(b.block);
        }
        this.block = model.getBlock();
        this.loss = b.loss;
        this.validData = b.valid;
        this.accumulation = b.accumulation;
        // Both resolved by build(): the run mode's caps unless set or ignored.
        this.maxBatches = run.maxBatches().orElse(null);
        this.maxEpochs = run.maxEpochs().orElse(null);
        this.precision =
                LearnerSetup.resolvePrecision(b.precision, model.getNDManager().getDevice());
        // Parent of every batch the learner reads. It lives as long as the model: DJL's
        // prefetching iterator keeps decoding the next batches on worker threads after the loop
        // stops early (the smoke-mode cap, an interrupt), and closing their manager under them
        // crashes libtorch (a use-after-free in torch.stack). Batches are closed one by one.
        NDManager dataManager = model.getNDManager().newSubManager();

        this.progress = new RunProgress(run.seed());
        Reproducibility.seed(run.seed());
        this.batchesPerEpoch =
                LearnerSetup.initialise(model, b.train, b.inputShape, dataManager, maxBatches);
        this.learnable = LearnerSetup.learnable(block);
        this.freezing =
                new Freezing(
                        block,
                        LearnerSetup.parameterGroups(b.classifier, model, b.headParameters),
                        learnable);
        LearningRate lr = LearningRate.of(b.learningRate);
        this.optimization = new Optimization(b.optimizerFactory, lr, b.schedule, learnable);
        this.epochRunner =
                new EpochRunner(
                        new EpochRunner.Setup(
                                this,
                                model,
                                block,
                                loss,
                                b.train,
                                b.valid,
                                dataManager,
                                maxBatches,
                                accumulation),
                        callbacks,
                        optimization,
                        progress,
                        evaluator());
        this.frozenStages = new FrozenStages(b.classifier, run.frozenStages(), b.featureCache);
        this.cachedStagesUncapped = run.frozenStages().isPresent() && b.maxEpochs == null;
        addCallback(history);
        firstCallbacks.forEach(this::addCallback);
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
     * <p>In smoke mode (or under {@code COURSE_EPOCHS}) each call runs at most the {@link
     * RunSettings#maxEpochs()} epochs and says so, so a notebook cell can ask for the seed's
     * numbers. A laptop plan that runs frozen stages on cached features ({@link
     * RunSettings#frozenStages()}) caps only the live ones: a cached stage runs all its epochs.
     */
    public History fit(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs=" + epochs + " must be >= 0.");
        }
        // Weights restored or loaded since the last fit are NCHW again; convolutions run fastest
        // channels-last (engine.ChannelsLast).
        ChannelsLast.apply(block);
        List<Parameter> trainable = currentlyTrainable();
        // A frozen stage on cached features trains the trainable part of this very model on the
        // frozen part's stored outputs; everything else below is the same loop.
        FrozenStages.Inputs inputs =
                epochs == 0
                        ? epochRunner.liveInputs() // nothing to train: nothing to extract
                        : frozenStages.inputsFor(epochRunner.liveInputs(), loss, maxBatches);
        boolean cached = inputs.block() != block;
        if (maxEpochs != null && epochs > maxEpochs && cached && cachedStagesUncapped) {
            System.out.printf(
                    Locale.ROOT,
                    "(all %d epochs: on cached features the run mode caps only live stages)%n",
                    epochs);
        } else if (maxEpochs != null && epochs > maxEpochs) {
            System.out.printf(
                    Locale.ROOT,
                    "(%d of %d epochs: the run mode caps each fit; full mode trains all %d)%n",
                    maxEpochs,
                    epochs,
                    epochs);
            epochs = maxEpochs;
        }
        FitPlan plan = new FitPlan(epochs, stepsPerEpoch());
        optimization.beforeFit(plan);
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        StopReason reason = StopReason.COMPLETED;
        stopMessage = null;
        try {
            callbacks.fire(c -> c.beforeFit(this, plan));
            for (int e = 0; e < epochs; e++) {
                epochRunner.run(ps, trainable, inputs);
            }
        } catch (StopTraining stop) {
            reason = stop.reason();
            stopMessage = stop.getMessage();
        }
        StopReason ended = reason;
        callbacks.notifyAll(c -> c.afterFit(this, ended)); // over: a stop here changes nothing
        if (reason == StopReason.INTERRUPTED || reason == StopReason.NON_FINITE_LOSS) {
            System.out.println(stopMessage);
        }
        if (reason == StopReason.INTERRUPTED) {
            // Keep the interrupt visible to whatever runs next in the same cell.
            Thread.currentThread().interrupt();
        }
        lastStop = reason;
        return history;
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

    /** Why the last {@code fit} ended. */
    public StopReason lastStopReason() {
        return lastStop;
    }

    /** The message of the last early stop, or null. */
    public String lastStopMessage() {
        return stopMessage;
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

    private OptionalInt stepsPerEpoch() {
        if (batchesPerEpoch.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((batchesPerEpoch.getAsInt() + accumulation - 1) / accumulation);
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

    // ---------------------------------------------------------------- rates, optimizer, schedule

    /** The learning rate the optimizer uses (for the head; the body may be scaled). */
    public double learningRate() {
        return optimization.rate().get();
    }

    /** Sets the learning rate for subsequent steps (the schedule continues from it). */
    public void setLearningRate(double value) {
        optimization.rate().set(value);
    }

    /** The learner's learning-rate tracker, for optimizers built outside the learner. */
    public LearningRate learningRateTracker() {
        return optimization.rate();
    }

    /**
     * Discriminative learning rates: the body trains at {@code factor ×} the head's rate (1 = the
     * same rate everywhere).
     */
    public void setBodyLrFactor(double factor) {
        optimization.setBodyFactor(freezing.groups(), factor);
    }

    /** Replaces the optimizer (fresh state, e.g. new Adam moments) from the next {@code fit}. */
    public void setOptimizer(OptimizerFactory factory) {
        optimization.replaceOptimizer(factory);
    }

    /** Replaces the schedule (null for none); it is started at the next {@code fit}. */
    public void setSchedule(LrSchedule newSchedule) {
        optimization.setSchedule(newSchedule);
    }

    /** The schedule in use, or null. */
    public LrSchedule schedule() {
        return optimization.schedule();
    }

    /** The DJL optimizer of the current fit (created lazily at the first fit), or null. */
    public Optimizer optimizer() {
        ParameterOptimizer o = optimization.optimizerOrNull();
        return o == null ? null : o.asDjl();
    }

    /**
     * The optimizer the loop steps with, the kit's or an adapter for DJL's (created lazily at the
     * first fit), or null.
     */
    public ParameterOptimizer parameterOptimizer() {
        return optimization.optimizerOrNull();
    }

    // ---------------------------------------------------------------- freezing and stages

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

    /**
     * What the frozen stages from now on train on: {@link FrozenBackbone#LIVE} (the default, the
     * seeds' way) runs the frozen backbone over every image each epoch; {@link
     * FrozenBackbone#CACHED_FEATURES} runs it once per image and trains the rest of the model on
     * its stored outputs: many times faster, with no augmentation in those epochs and the
     * backbone's batch-norm statistics fixed. Prints what is in force: a lesson's laptop plan may
     * run a stage asked for {@code LIVE} on cached features, and says so.
     *
     * <p>The weights that train are this model's own, with this learner's optimizer, schedule,
     * callbacks, checkpoints and history, so an unfrozen stage afterwards continues from them. A
     * {@code fit} with nothing frozen runs live whatever the choice.
     *
     * @throws IllegalStateException for a cached choice when the learner was not built from an
     *     {@code ImageClassifier}
     * @throws IllegalArgumentException for {@link FrozenBackbone#CACHED_AUGMENTED_VIEWS}, which
     *     needs {@link #setFrozenBackbone(FrozenBackbone, int)}
     */
    public void setFrozenBackbone(FrozenBackbone choice) {
        frozenStages.set(choice, 0);
    }

    /**
     * {@link FrozenBackbone#CACHED_AUGMENTED_VIEWS} with {@code views} augmented views of every
     * training image cached (at least the stage's epochs, for the live run's augmentations).
     *
     * @throws IllegalArgumentException for another choice, or fewer than 1 view
     */
    public void setFrozenBackbone(FrozenBackbone choice, int views) {
        if (views < 1) {
            throw new IllegalArgumentException("views=" + views + " must be >= 1.");
        }
        frozenStages.set(choice, views);
    }

    /** What frozen stages train on now (the notebook's choice, or the run mode's in its place). */
    public FrozenBackbone frozenBackbone() {
        return frozenStages.inForce();
    }

    /**
     * The cached features the last {@code fit} trained on (how many images were extracted, in how
     * many seconds, where they are stored), or empty when it ran live.
     */
    public Optional<FrozenFeatures> cachedFeatures() {
        return frozenStages.lastFeatures();
    }

    /** Sets the stage label recorded with each epoch ("frozen", "unfrozen", ...). */
    public void setStage(String label) {
        progress.setStage(label);
    }

    /** The current stage label. */
    public String stage() {
        return progress.stage();
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
        return progress.epochsDone();
    }

    /** Batches trained so far (across fits). */
    public long iterations() {
        return progress.iterations();
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
        callbacks.add(callback);
    }

    /** The callbacks in call order: by {@link Callback#order()}, then as added. */
    public List<Callback> callbacks() {
        return callbacks.asList();
    }

    // The parts a checkpoint composes (package-private: Checkpoint reads and restores them).

    /** Which groups are frozen and what frozen batch norm does. */
    Freezing freezing() {
        return freezing;
    }

    /** The optimizer, the rate with its scales, the schedule. */
    Optimization optimization() {
        return optimization;
    }

    /** Counters, stage and seed. */
    RunProgress progress() {
        return progress;
    }

    /** The learned parameters (batch-norm running statistics excluded), frozen or not. */
    List<Parameter> learnableParameters() {
        return learnable;
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
        private double learningRate = 1e-3;
        private LrSchedule schedule;
        private final List<Callback> callbacks = new ArrayList<>();
        private int accumulation = 1;
        private Integer maxBatches;
        private Integer maxEpochs;
        private RunModeCaps runModeCaps = RunModeCaps.APPLY;
        private Precision precision = Precision.FLOAT32;
        private Shape inputShape;
        private Predicate<String> headParameters;
        private Long seed;
        private Path featureCache;
        private RunSettings runMode;
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
         * A kit optimizer built elsewhere without a rate, e.g. {@code
         * Adam.builder().optWeightDecay(1e-4).build()}; the learner drives its rate.
         *
         * @throws IllegalArgumentException if it was built with {@code optLearningRate}: the rate
         *     has one home, the learner ({@link #optLearningRate})
         */
        public Builder optOptimizer(FusedOptimizer optimizer) {
            return optOptimizer(OptimizerFactory.of(optimizer));
        }

        /**
         * The starting learning rate (default 1e-3, PyTorch's Adam default). The learner is the
         * rate's one home: it hands the rate, times each group's scale, to every optimizer step;
         * schedules and {@link Learner#setLearningRate} move it from there.
         */
        public Builder optLearningRate(double value) {
            LearningRate.of(value); // checks it now, naming the value
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

        /** Caps batches per epoch (default: the {@link RunSettings}'s, i.e. smoke mode's cap). */
        public Builder optMaxBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBatches=" + n + " must be >= 1.");
            }
            this.maxBatches = n;
            return this;
        }

        /**
         * Caps the epochs of every {@link Learner#fit} call (default: the {@link RunSettings}'s,
         * i.e. smoke mode's cap).
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
         * The seed for initialisation and shuffling (default: the {@link RunSettings}'s); each
         * epoch is seeded from it and its number, so a resumed run draws what the unbroken one
         * would have.
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * The run mode: seed and batch cap, unless {@link #optSeed} or {@link #optMaxBatches} say
         * otherwise (default {@link RunSettings#fromEnv()}, the notebook's {@code COURSE_SEED} and
         * {@code COURSE_MODE}).
         */
        public Builder optRunSettings(RunSettings value) {
            this.runMode = Objects.requireNonNull(value, "runMode");
            return this;
        }

        /**
         * The folder where frozen stages on {@link FrozenBackbone#CACHED_FEATURES} keep their
         * features (default: {@code out/feature-cache} of the course home).
         */
        public Builder optFeatureCache(Path folder) {
            this.featureCache = Objects.requireNonNull(folder, "folder");
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
            // The environment is read here, once, where the learner starts; nothing inside reads
            // it.
            // Resolved into new values, not into this builder's fields, so that building twice
            // gives two learners alike.
            RunSettings mode = runMode != null ? runMode : RunSettings.fromEnv();
            boolean caps = runModeCaps == RunModeCaps.APPLY;
            RunSettings run =
                    new RunSettings(
                            seed != null ? seed : mode.seed(),
                            maxBatches != null || !caps
                                    ? Optional.ofNullable(maxBatches)
                                    : mode.maxBatches(),
                            maxEpochs != null || !caps
                                    ? Optional.ofNullable(maxEpochs)
                                    : mode.maxEpochs(),
                            mode.frozenStages());
            List<Callback> all = new ArrayList<>(callbacks);
            if (nanGuard) {
                all.add(0, new NonFiniteLossGuard());
            }
            if (progress && all.stream().noneMatch(c -> c instanceof Progress)) {
                all.add(Progress.bar());
            }
            return new Learner(this, run, all);
        }
    }
}
