package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume is exact with the kit's own loaders: {@link Cifar10} and {@link ImageFolder} on generated
 * data in their real formats, shuffled and augmented. Two epochs straight equal one epoch, a
 * checkpoint, and one more epoch in a new learner — in the same JVM (with the same dataset objects
 * that have already been read several times, and after a second fit interrupted mid-epoch) and in a
 * new JVM. The data order and the augmentation of an epoch depend on (seed, epoch, index) only.
 */
class ExactResumeWithKitDataTest {
    private static final long SEED = 5;

    @TempDir static Path root;

    @BeforeAll
    static void generate() throws IOException {
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(4) // 20 training images: 4 batches of 5
                .optCifarTest(4)
                .optFlowerClasses(3)
                .optFlowersPerClass(6, 1) // 18 JPEGs: 3 batches of 5 and one of 3
                .optFlowerSize(32)
                .build()
                .writeAll();
    }

    /** Which loader; both read generated files in the real dataset's format. */
    enum Loader {
        CIFAR10,
        IMAGE_FOLDER;

        ImageDataset open(Path root) {
            try {
                return switch (this) {
                    case CIFAR10 ->
                            Cifar10.builder()
                                    .setRoot(root)
                                    .setSplit(Split.TRAIN)
                                    .optTransform(Pipelines.cifarTrain())
                                    .optSeed(SEED)
                                    .setSampling(5, true)
                                    .build();
                    case IMAGE_FOLDER ->
                            ImageFolder.builder()
                                    .setRoot(root.resolve("flower_data").resolve("train"))
                                    .optTransform(Pipelines.cifarTrain())
                                    .optSeed(SEED)
                                    .setSampling(5, true)
                                    .build();
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Learner learner(ImageDataset train) {
        // The classifier draws its initial weights when it is created: the same ones every time.
        Reproducibility.seed(SEED);
        return Learner.builder()
                .setModel(ResNets.cifar(8, Shortcuts.RESIDUAL))
                .setData(train, null)
                .optLearningRate(1e-2)
                .optSchedule(StepLr.of(1, 0.5))
                .optSeed(SEED)
                .optNoProgress()
                .build();
    }

    @Test
    void cifar10ResumesExactlyInTheSameJvmAfterAnInterruptedEpoch() {
        assertResumesInThisJvm(Loader.CIFAR10);
    }

    @Test
    void imageFolderResumesExactlyInTheSameJvmAfterAnInterruptedEpoch() {
        assertResumesInThisJvm(Loader.IMAGE_FOLDER);
    }

    @Test
    void cifar10ResumesExactlyInANewJvm() throws Exception {
        assertResumesInANewJvm(Loader.CIFAR10);
    }

    @Test
    void imageFolderResumesExactlyInANewJvm() throws Exception {
        assertResumesInANewJvm(Loader.IMAGE_FOLDER);
    }

    private static void assertResumesInThisJvm(Loader loader) {
        ImageDataset data = loader.open(root);
        Run straight = straightRun(data);
        Path file = root.resolve(loader + "-same.ckpt");
        try (Learner l = learner(data)) {
            l.fit(1);
            Checkpoint.save(file, l);
            // A second fit, interrupted after two batches: its updates are not in the checkpoint,
            // and the data objects have now been read more often than in the straight run.
            l.addCallback(interruptAfter(2));
            l.fit(1);
            assertTrue(Thread.interrupted(), "the interrupt stays visible after fit");
        }
        try (Learner l = learner(data)) {
            Checkpoint.read(file).resume(l);
            l.fit(1);
            assertSameRun(straight, Run.of(l), loader);
        }
    }

    private static void assertResumesInANewJvm(Loader loader) throws Exception {
        Run straight = straightRun(loader.open(root));
        Path file = root.resolve(loader + "-jvm.ckpt");
        try (Learner l = learner(loader.open(root))) {
            l.fit(1);
            Checkpoint.save(file, l);
        }
        Path out = root.resolve(loader + "-child.bin");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dai.djl.pytorch.num_threads=2");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ResumeInChild.class.getName());
        command.add(loader.name());
        command.add(root.toString());
        command.add(file.toString());
        command.add(out.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child JVM finishes");
        assertEquals(0, child.exitValue(), "the child JVM resumes without error:\n" + log);
        assertSameRun(straight, Run.read(out), loader);
    }

    private static Run straightRun(ImageDataset data) {
        try (Learner l = learner(data)) {
            l.fit(2);
            return Run.of(l);
        }
    }

    private static void assertSameRun(Run expected, Run actual, Loader loader) {
        assertArrayEquals(
                expected.epoch2Losses,
                actual.epoch2Losses,
                1e-5,
                loader + ": every batch loss of the resumed epoch 2 equals the straight run's");
        assertArrayEquals(
                expected.weights,
                actual.weights,
                1e-5f,
                loader + ": the final weights equal the straight run's");
    }

    private static Callback interruptAfter(int batches) {
        return new Callback() {
            @Override
            public void afterBatch(Learner learner, BatchRecord batch) {
                if (batch.batch() == batches) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Epoch 2's batch losses and the final weights of a run. */
    record Run(double[] epoch2Losses, float[] weights) {
        static Run of(Learner l) {
            double[] losses =
                    l.history().batches().stream()
                            .filter(b -> b.epoch() == 2)
                            .mapToDouble(BatchRecord::loss)
                            .toArray();
            List<float[]> parts = new ArrayList<>();
            int n = 0;
            for (Pair<String, Parameter> p : l.block().getParameters()) {
                float[] values = p.getValue().getArray().toFloatArray();
                parts.add(values);
                n += values.length;
            }
            float[] all = new float[n];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return new Run(losses, all);
        }

        void write(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                out.writeInt(epoch2Losses.length);
                for (double v : epoch2Losses) {
                    out.writeDouble(v);
                }
                out.writeInt(weights.length);
                for (float v : weights) {
                    out.writeFloat(v);
                }
            }
        }

        static Run read(Path file) throws IOException {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                double[] losses = new double[in.readInt()];
                for (int i = 0; i < losses.length; i++) {
                    losses[i] = in.readDouble();
                }
                float[] weights = new float[in.readInt()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = in.readFloat();
                }
                return new Run(losses, weights);
            }
        }
    }

    /** The resumed half of the run, in a JVM of its own: loader, data root, checkpoint, output. */
    public static final class ResumeInChild {
        public static void main(String[] args) throws IOException {
            Loader loader = Loader.valueOf(args[0]);
            try (Learner l = learner(loader.open(Path.of(args[1])))) {
                Checkpoint.read(Path.of(args[2])).resume(l);
                l.fit(1);
                Run.of(l).write(Path.of(args[3]));
            }
        }
    }
}
