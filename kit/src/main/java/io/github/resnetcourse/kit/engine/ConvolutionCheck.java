package io.github.resnetcourse.kit.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import java.lang.management.ManagementFactory;

/**
 * The convolution self-check, run in a child process by {@link EngineGuard}: it computes every
 * {@link ConvolutionCase} forward and backward in float32 under one {@link EngineConfiguration} and
 * compares input and weight gradients and outputs with the same convolution in float64.
 *
 * <p>libtorch computes float64 convolutions with its own code (oneDNN has no float64 kernels), so
 * the reference shares nothing with the oneDNN kernels under test. A kernel that crashes takes only
 * this child down; the parent reads the exit status.
 *
 * <p>Command line: {@code ConvolutionCheck LABEL}; the configuration must also be in force ({@code
 * -Dcourse.engine.configuration=LABEL}, which {@link Engines#init()} applies). The last line
 * printed starts with {@link #RESULT_PREFIX} and holds a {@link Result} as JSON.
 */
public final class ConvolutionCheck {

    /** Marks the result line among whatever else the child prints. */
    static final String RESULT_PREFIX = "course-convolution-check: ";

    /**
     * An output or gradient passes when it is within this fraction of the reference's largest
     * magnitude. float32 rounding stays below 1e-5 here; the faults seen are off by 10 % to 400 %.
     */
    static final double TOLERANCE = 1e-4;

    /** The error reported for a result that is not a number. */
    static final double NOT_A_NUMBER = 1e30;

    /** Timed passes over all cases after the checked one, for comparing configurations. */
    static final int TIMED_PASSES = 1;

    private ConvolutionCheck() {}

    /**
     * What the child found.
     *
     * @param configuration the configuration's label
     * @param correct whether every case matched its reference
     * @param worstError the largest relative error seen (output or gradient)
     * @param worstCase the case that gave it
     * @param secondsPerPass CPU seconds of one forward and backward pass over all cases in float32
     */
    record Result(
            String configuration,
            boolean correct,
            double worstError,
            String worstCase,
            double secondsPerPass) {}

    /**
     * Runs the check under the configuration in force and prints the result line.
     *
     * @param args the configuration's label, which must equal the one in force
     */
    public static void main(String[] args) {
        EngineTuning tuning = Engines.init();
        if (args.length != 1 || !tuning.configuration().label().equals(args[0])) {
            throw new IllegalArgumentException(
                    "ConvolutionCheck runs the configuration in force; start it with"
                            + " -Dcourse.engine.configuration=LABEL and LABEL as its argument (in"
                            + " force: "
                            + tuning.configuration().label()
                            + ")");
        }
        Result result = run(tuning.configuration());
        System.out.println(RESULT_PREFIX + new Gson().toJson(result));
        System.out.flush();
    }

    /** Checks and times every case under {@code configuration} (which must be in force). */
    static Result run(EngineConfiguration configuration) {
        Fault.fromSystemProperty().strikeBeforeCheck(configuration);
        double worst = 0;
        String worstCase = "";
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            Engine.getInstance().setRandomSeed(20261205);
            for (ConvolutionCase c : ConvolutionCase.courseShapes()) {
                double error = checkOne(manager, c, configuration);
                error = Fault.fromSystemProperty().distort(configuration, error);
                if (Double.isNaN(error)) {
                    // Kept finite so that the result stays plain JSON.
                    worst = NOT_A_NUMBER;
                    worstCase = c.name() + " (NaN)";
                } else if (error > worst) {
                    worst = error;
                    worstCase = c.name();
                }
            }
            long start = processCpuNanos();
            for (int pass = 0; pass < TIMED_PASSES; pass++) {
                for (ConvolutionCase c : ConvolutionCase.courseShapes()) {
                    try (NDManager scope = manager.newSubManager()) {
                        forwardBackward(scope, c, configuration, DataType.FLOAT32, null).close();
                    }
                }
            }
            double seconds = (processCpuNanos() - start) / 1e9 / TIMED_PASSES;
            boolean correct = worst <= TOLERANCE;
            return new Result(configuration.label(), correct, worst, worstCase, seconds);
        }
    }

    /**
     * CPU time of the whole process (every libtorch thread): unlike wall time it does not grow when
     * other programs share the machine, so configurations checked one after another on a busy
     * machine still compare fairly.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The worst relative error of one case's output and gradients against float64. */
    private static double checkOne(
            NDManager parent, ConvolutionCase c, EngineConfiguration config) {
        try (NDManager manager = parent.newSubManager()) {
            Inputs inputs = Inputs.random(manager, c);
            Outcome fast = forwardBackward(manager, c, config, DataType.FLOAT32, inputs);
            Outcome exact = forwardBackward(manager, c, config, DataType.FLOAT64, inputs);
            double error = relativeError(fast.output(), exact.output());
            error = Math.max(error, relativeError(fast.inputGradient(), exact.inputGradient()));
            return Math.max(error, relativeError(fast.weightGradient(), exact.weightGradient()));
        }
    }

    /** max |a − b| / max(1, max |b|), computed in float64; NaN when a has NaN. */
    private static double relativeError(NDArray actual, NDArray reference) {
        NDArray a = actual.toType(DataType.FLOAT64, false);
        double scale = Math.max(1, reference.abs().max().getDouble());
        double error = a.sub(reference).abs().max().getDouble() / scale;
        return Double.isNaN(a.sum().getDouble()) ? Double.NaN : error;
    }

    /** The random input, weight and upstream gradient of one case, in float32. */
    private record Inputs(NDArray input, NDArray weight, NDArray upstream) {
        static Inputs random(NDManager manager, ConvolutionCase c) {
            int out = (c.size() + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            int fanIn = c.inChannels() * c.kernel() * c.kernel();
            NDArray input =
                    manager.randomUniform(
                            -1, 1, new Shape(c.batch(), c.inChannels(), c.size(), c.size()));
            NDArray weight =
                    manager.randomNormal(
                            0,
                            (float) Math.sqrt(2.0 / fanIn),
                            new Shape(c.outChannels(), c.inChannels(), c.kernel(), c.kernel()),
                            DataType.FLOAT32);
            NDArray upstream =
                    manager.randomUniform(-1, 1, new Shape(c.batch(), c.outChannels(), out, out));
            return new Inputs(input, weight, upstream);
        }
    }

    /** The output and both gradients of one forward and backward pass. */
    private record Outcome(NDArray output, NDArray inputGradient, NDArray weightGradient)
            implements AutoCloseable {
        @Override
        public void close() {
            output.close();
            inputGradient.close();
            weightGradient.close();
        }
    }

    /**
     * One forward and backward pass in {@code type}, laid out as the configuration says (as the
     * kit's models run: weights, and with them every activation, channels-last or NCHW).
     */
    private static Outcome forwardBackward(
            NDManager manager,
            ConvolutionCase c,
            EngineConfiguration config,
            DataType type,
            Inputs given) {
        Inputs inputs = given == null ? Inputs.random(manager, c) : given;
        NDArray x = inputs.input().toType(type, true);
        NDArray w = inputs.weight().toType(type, true);
        NDArray g = inputs.upstream().toType(type, true);
        if (config.layout() == MemoryLayout.CHANNELS_LAST) {
            ChannelsLast.convert((PtNDArray) x);
            ChannelsLast.convert((PtNDArray) w);
        }
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y =
                    Conv2d.conv2d(
                                    x,
                                    w,
                                    null,
                                    new Shape(c.stride(), c.stride()),
                                    new Shape(c.padding(), c.padding()),
                                    new Shape(1, 1),
                                    1)
                            .singletonOrThrow();
            collector.backward(y.mul(g).sum());
        }
        NDArray output = y.toType(DataType.FLOAT64, true);
        NDArray dx = x.getGradient().toType(DataType.FLOAT64, true);
        NDArray dw = w.getGradient().toType(DataType.FLOAT64, true);
        return new Outcome(output, dx, dw);
    }
}
