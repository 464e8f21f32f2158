package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that passed the build-time check but fails to decode while training (replaced or damaged
 * since) is never served as another file's pixels under its own label: reading it fails and names
 * the file, under either policy.
 */
class ImageFolderDecodeFailureTest {
    @TempDir Path root;

    @Test
    void aFileThatFailsToDecodeWhileTrainingIsNamedNeverReplacedByTheNextOnesPixels()
            throws IOException {
        SyntheticData.builder()
                .setRoot(root)
                .optFlowerClasses(2)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(16)
                .build()
                .writeFlowers102();
        for (BadImagePolicy policy : BadImagePolicy.values()) {
            Path train = root.resolve("flower_data").resolve("train");
            ImageFolder folder =
                    ImageFolder.builder()
                            .setRoot(train)
                            .optBadImages(policy)
                            .optWorkers(0)
                            .setSampling(1, false)
                            .build();
            assertEquals(4, folder.size());
            // The last image of class "1" (label 0); the next sample is class "2" (label 1).
            Path damaged = folder.files().get(1);
            byte[] original = Files.readAllBytes(damaged);
            Files.writeString(damaged, "not a JPEG any more", StandardCharsets.UTF_8);
            try (NDManager manager = NDManager.newBaseManager()) {
                IOException e =
                        assertThrows(IOException.class, () -> folder.get(manager, 1), policy + "");
                assertTrue(
                        e.getMessage().contains(damaged.toString()),
                        "the message names the file: " + e.getMessage());
                assertEquals(1, folder.label(2), "the next sample has another label");
            } finally {
                Files.write(damaged, original);
            }
        }
    }
}
