package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PretrainingDemoTest {
    @Test
    void pretrainedStartLearnsTheDownstreamTaskFaster() {
        PretrainingDemo demo =
                PretrainingDemo.builder()
                        .setTasks(
                                PretrainingTasks.builder()
                                        .setSeed(7)
                                        .optUpstreamSizes(1000, 200)
                                        .optDownstreamSizes(200, 300)
                                        .build())
                        .optEpochs(3, 4)
                        .optSeed(7)
                        .optNoProgress()
                        .build();
        long start = System.nanoTime();
        TransferComparison c = demo.compareOnDownstream();
        System.out.printf("demo took %.1f s%n", (System.nanoTime() - start) / 1e9);
        double[] scratch = c.scratchAccuracy();
        double[] pre = c.pretrainedAccuracy();
        System.out.println("upstream " + Arrays.toString(c.upstream().validAccuracy()));
        System.out.println("scratch  " + Arrays.toString(scratch));
        System.out.println("pretrain " + Arrays.toString(pre));
        assertEquals(4, scratch.length);
        assertEquals(4, pre.length);
        // The upstream task was learned well beyond chance (1/8).
        assertTrue(c.upstream().last().orElseThrow().validAccuracy() > 0.5);
        // Every epoch of the pretrained start is ahead, and by a clear margin on average.
        for (int i = 0; i < 4; i++) {
            assertTrue(
                    pre[i] > scratch[i], "epoch " + (i + 1) + ": " + pre[i] + " vs " + scratch[i]);
        }
        double gap = Arrays.stream(pre).sum() / 4 - Arrays.stream(scratch).sum() / 4;
        assertTrue(gap > 0.1, "mean accuracy gap " + gap);
        // Fewer epochs to the random start's best accuracy.
        double scratchBest = Arrays.stream(scratch).max().orElseThrow();
        OptionalInt preEpochs = TransferComparison.epochsToReach(c.pretrained(), scratchBest);
        OptionalInt scratchEpochs = TransferComparison.epochsToReach(c.fromScratch(), scratchBest);
        assertTrue(preEpochs.getAsInt() < scratchEpochs.getAsInt());
        String md = c.summaryMarkdown();
        assertTrue(md.contains("| upstream-pretrained |"), md);
        assertTrue(md.contains("reached it after " + preEpochs.getAsInt() + " epoch"), md);
    }

    @Test
    void demoWithoutTasksSaysHowToBuildThem() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> PretrainingDemo.builder().build());
        assertTrue(e.getMessage().contains("setTasks"));
        assertThrows(
                IllegalArgumentException.class, () -> PretrainingDemo.builder().optEpochs(0, 3));
    }
}
