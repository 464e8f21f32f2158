package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.RunSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU path in one short run, for a machine with an NVIDIA GPU and the kit built with {@code
 * -Dcuda} (docs/gpu.md): models and batches land on the GPU, a ResNet18 forward pass there equals
 * the same weights on the CPU (whose outputs the parity tests prove against torchvision), and
 * lesson 02's two stages train there through the real CIFAR-10 loader. Where DJL sees no CUDA
 * device — every machine this project is built on — the class is skipped and says so on stdout.
 *
 * <pre>
 * mvn -B -pl kit test -Dcuda -Dtest=GpuSmokeTest
 * </pre>
 */
class GpuSmokeTest {
    /**
     * Logits of the same weights on the GPU and the CPU may differ by cuDNN's algorithm choice and
     * TF32 matrix products (PyTorch's default for convolutions on Ampere and later): relative to
     * the largest logit, far below any difference a wrong layer or a weight left behind would make.
     */
    private static final double RELATIVE_TOLERANCE = 2e-2;

    @TempDir static Path root;

    @BeforeAll
    static void requireGpu() throws Exception {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            System.out.println(
                    "GpuSmokeTest skipped: DJL sees no CUDA device here ("
                            + Engine.getInstance().getEngineName()
                            + " "
                            + Engine.getInstance().getVersion()
                            + ", default device "
                            + Engine.getInstance().defaultDevice()
                            + "). On a GPU machine: mvn -B -pl kit test -Dcuda"
                            + " -Dtest=GpuSmokeTest (docs/gpu.md).");
        }
        if (gpus == 0) {
            return;
        }
        System.out.println(
                "GpuSmokeTest on " + Engine.getInstance().defaultDevice() + " (" + gpus + " GPU)");
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(64)
                .optCifarTest(64)
                .build()
                .writeCifar10();
    }

    /** Each test reports as skipped, not as passed, where there is no GPU. */
    @BeforeEach
    void skipWithoutGpu() {
        assumeTrue(
                Engine.getInstance().getGpuCount() > 0,
                "no CUDA device visible to DJL; see docs/gpu.md");
    }

    @Test
    void modelsAreCreatedOnTheGpu() {
        try (ImageClassifier model = ResNets.resnet18()) {
            assertTrue(model.manager().getDevice().isGpu(), model.manager().getDevice().toString());
            for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
                assertTrue(p.getValue().getArray().getDevice().isGpu(), p.getKey());
            }
        }
    }

    @Test
    void aForwardPassOnTheGpuEqualsTheSameWeightsOnTheCpu() {
        float[] pixels = new float[2 * 3 * 224 * 224];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        Shape shape = new Shape(2, 3, 224, 224);
        try (ImageClassifier model = ResNets.resnet18();
                NDManager cpu = NDManager.newBaseManager(Device.cpu());
                NDManager gpu = model.manager().newSubManager()) {
            float[] onGpu = model.predict(gpu.create(pixels, shape)).toFloatArray();
            // The same block on a CPU batch: DJL's ParameterStore copies every parameter to the
            // input's device, so this is the same weights computed by libtorch's CPU kernels.
            float[] onCpu = model.predict(cpu.create(pixels, shape)).toFloatArray();
            assertEquals(onCpu.length, onGpu.length);
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < onCpu.length; i++) {
                scale = Math.max(scale, Math.abs(onCpu[i]));
                worst = Math.max(worst, Math.abs(onCpu[i] - onGpu[i]));
            }
            System.out.printf("ResNet18 logits, GPU vs CPU: worst %.2e of %.2e%n", worst, scale);
            assertTrue(
                    worst <= RELATIVE_TOLERANCE * scale,
                    "GPU logits differ from CPU by "
                            + worst
                            + " (largest logit "
                            + scale
                            + "): "
                            + Arrays.toString(Arrays.copyOf(onGpu, 4))
                            + " vs "
                            + Arrays.toString(Arrays.copyOf(onCpu, 4)));
        }
    }

    @Test
    void lessonTwosStagesTrainOnTheGpuThroughTheRealLoader() throws Exception {
        Cifar10 train =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TRAIN)
                        .optTransform(Pipelines.cifarTrain())
                        .setSampling(32, true)
                        .build();
        Cifar10 test =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TEST)
                        .optTransform(Pipelines.cifarTest())
                        .setSampling(32, false)
                        .build();
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(Head.linear(10));
                Learner learner =
                        Learner.builder()
                                .setModel(model)
                                .setData(train, test)
                                .optOptimizer(Adam.builder().optWeightDecay(1e-4).build())
                                .optLearningRate(1e-3)
                                .optRunSettings(
                                        new RunSettings(
                                                42,
                                                java.util.Optional.of(3),
                                                java.util.Optional.empty()))
                                .optNoProgress()
                                .build()) {
            float[] stemBefore = stem(model);
            learner.freeze();
            History frozen = learner.fit(1);
            assertTrue(Arrays.equals(stemBefore, stem(model)), "a frozen body does not move");
            learner.unfreeze();
            learner.setLearningRate(1e-4);
            History unfrozen = learner.fit(1);
            for (EpochRecord e : frozen.epochs()) {
                assertTrue(
                        Double.isFinite(e.trainLoss()) && Double.isFinite(e.validLoss()),
                        e.toString());
            }
            EpochRecord last = unfrozen.epochs().get(unfrozen.epochs().size() - 1);
            assertTrue(Double.isFinite(last.trainLoss()), last.toString());
            assertTrue(!Arrays.equals(stemBefore, stem(model)), "an unfrozen body trains");
            for (Parameter p : model.namedParameters().values()) {
                NDArray w = p.getArray();
                assertTrue(w.getDevice().isGpu(), p.getName() + " stayed on the GPU");
            }
        }
    }

    private static float[] stem(ImageClassifier model) {
        return model.namedParameters().get("conv1.weight").getArray().toFloatArray();
    }
}
