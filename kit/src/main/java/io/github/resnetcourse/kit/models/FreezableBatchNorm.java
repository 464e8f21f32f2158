package io.github.resnetcourse.kit.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch norm over the channels (axis 1) whose training-time statistics a learner can switch when it
 * freezes the layer: DJL's {@link BatchNorm} always normalises a training pass by the batch's
 * statistics, so it cannot run as Keras runs a frozen layer. Its parameters are DJL's ({@code
 * gamma}, {@code beta}, {@code runningMean}, {@code runningVar}, same types and initialisers) and
 * its arithmetic is DJL's ({@link BatchNorm#batchNorm}), so weights, checkpoints and outputs are
 * the same as with {@code BatchNorm}.
 */
public final class FreezableBatchNorm extends AbstractBlock {
    private static final byte VERSION = 1;

    /** What a training pass normalises with. Inference always uses the running statistics. */
    public enum Mode {
        /**
         * PyTorch's {@code train()}: the batch's mean and variance, and the running statistics move
         * towards them (the default, also for a frozen layer in the seeds' PyTorch).
         */
        BATCH_STATISTICS,
        /**
         * Keras' frozen {@code BatchNormalization} (inference mode): the running statistics, left
         * as they are.
         */
        RUNNING_STATISTICS
    }

    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;
    private volatile Mode mode = Mode.BATCH_STATISTICS;

    /**
     * A batch-norm layer.
     *
     * @param epsilon added to the variance (PyTorch 1e-5, Keras' ResNets 1.001e-5)
     * @param momentum DJL's: the weight of the old running value (0.9 is PyTorch's momentum 0.1)
     */
    public FreezableBatchNorm(float epsilon, float momentum) {
        super(VERSION);
        if (!(epsilon > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(
                    "Batch norm needs epsilon > 0 and 0 <= momentum <= 1; got epsilon="
                            + epsilon
                            + ", momentum="
                            + momentum
                            + ".");
        }
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, true));
        runningMean = addParameter(parameter("runningMean", Parameter.Type.RUNNING_MEAN, false));
        runningVar = addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, false));
    }

    private static Parameter parameter(String name, Parameter.Type type, boolean learned) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(learned).build();
    }

    /** What training passes normalise with from now on. */
    public void setMode(Mode value) {
        this.mode = java.util.Objects.requireNonNull(value, "mode");
    }

    /** What training passes normalise with. */
    public Mode mode() {
        return mode;
    }

    /** The scale, whose freezing marks the layer as part of a frozen group. */
    public Parameter gamma() {
        return gamma;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        return BatchNorm.batchNorm(
                x,
                store.getValue(runningMean, device, training),
                store.getValue(runningVar, device, training),
                store.getValue(gamma, device, training),
                store.getValue(beta, device, training),
                1,
                momentum,
                epsilon,
                training && mode == Mode.BATCH_STATISTICS);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported FreezableBatchNorm encoding version " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }
}
