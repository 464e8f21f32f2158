package io.github.resnetcourse.kit.bench;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The generated data both sides of {@code ./course bench lessons} read: the kit's CIFAR-10 twin in
 * its binary layout plus the same records in the python layout that torchvision's {@code CIFAR10}
 * reads (written by {@code bench/lessons/cifar_pickles.py}), and the Flowers-102 twin's JPEG
 * folders and lesson 04's four-species bird folders, which both read as they are. Sized so that
 * every stage has enough batches.
 */
final class LessonData {
    /** Side of the generated flower photos: the real ones are about 500 × 650. */
    static final int FLOWER_SIZE = 500;

    /** Side of the generated bird photos: CUB-200-2011's are about 500 × 375. */
    static final int BIRD_SIZE = 500;

    private LessonData() {}

    /**
     * Writes the datasets {@code stages} need under {@code root}.
     *
     * @param root the folder to write into
     * @param stages the stages to be run
     * @param batchesWanted warm-up plus timed batches of the longest run
     * @param torchPython the python that runs the seeds (it writes the pickles)
     * @param home the course checkout
     * @throws IOException if generating or converting fails
     */
    static void write(
            Path root, List<LessonStage> stages, int batchesWanted, Path torchPython, Path home)
            throws IOException, InterruptedException {
        // Each dataset is written once, sized for the stage that reads the most of it.
        int cifar = imagesNeeded(stages, batchesWanted, "02", "05", "06");
        if (cifar > 0) {
            SyntheticData.builder()
                    .setRoot(root)
                    .optCifarPerBatch(Math.max(200, (cifar + 4) / 5))
                    .optCifarTest(200)
                    .build()
                    .writeCifar10();
            convertCifar(root, torchPython, home);
        }
        int flowers = imagesNeeded(stages, batchesWanted, "03", "07");
        if (flowers > 0) {
            SyntheticData.builder()
                    .setRoot(root)
                    .optFlowersPerClass(Math.max(1, (flowers + 101) / 102), 1)
                    .optFlowerSize(FLOWER_SIZE)
                    .build()
                    .writeFlowers102();
        }
        int birds = imagesNeeded(stages, batchesWanted, "04");
        if (birds > 0) {
            // Both sides split the folder 80/20 and train on the 80 %.
            int perClass = (int) Math.ceil(birds / 0.8 / 4) + 1;
            SyntheticData.builder()
                    .setRoot(root)
                    .optBirds(perClass, BIRD_SIZE)
                    .build()
                    .writeBirds4();
        }
    }

    /**
     * Batches more than a run reads, for lessons 06 and 07: their seeds' loaders decode in 4 worker
     * processes, each 2 batches ahead (PyTorch's prefetch_factor), and the kit's loader also
     * decodes ahead. With these batches to spare the loaders still have work during the timed
     * batches, as in a real epoch, instead of having decoded everything during the warm-up.
     */
    static final int PREFETCHED_BATCHES = 8;

    /**
     * The training images the most demanding of {@code stages} from {@code lessons} reads (0 when
     * none is among them): CIFAR-10 serves lessons 02, 05 (the degradation experiment) and 06,
     * Flowers-102 lessons 03 and 07, the birds lesson 04.
     */
    static int imagesNeeded(List<LessonStage> stages, int batchesWanted, String... lessons) {
        List<String> wanted = List.of(lessons);
        return stages.stream()
                .filter(s -> wanted.contains(s.lesson()))
                .mapToInt(
                        s -> {
                            boolean prefetching =
                                    s.lesson().equals("06") || s.lesson().equals("07");
                            return (batchesWanted + (prefetching ? PREFETCHED_BATCHES : 0))
                                    * s.batchSize();
                        })
                .max()
                .orElse(0);
    }

    private static void convertCifar(Path root, Path python, Path home)
            throws IOException, InterruptedException {
        List<String> command =
                List.of(
                        python.toString(),
                        home.resolve("bench/lessons/cifar_pickles.py").toString(),
                        root.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(
                    "Could not write CIFAR-10's python batches: "
                            + String.join(" ", command)
                            + " said:\n"
                            + out);
        }
    }
}
