package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheRepairPlanTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /**
     * What oneDNN 3.7 recorded on the AMD EPYC (family 26, model 2) whose hypervisor hides caches.
     */
    private static final CacheRepairPlan.Recorded HIDDEN =
            new CacheRepairPlan.Recorded(new long[] {1, 1, 1}, new long[] {1, 1, 1}, 26, 2, 1);

    /** glibc on that machine: L1d and L2 from the legacy leaves, an L3 with associativity 0. */
    private static final CacheRepairPlan.Reported THAT_MACHINE =
            new CacheRepairPlan.Reported(26, 2, 1, 48 * KIB, MIB, 532_676_608L, 0);

    @Test
    void hiddenCachesGetGlibcsL1AndL2AndOneDnnsOwnGuessForAnImplausibleL3() {
        OneDnnCaches outcome = CacheRepairPlan.decide(HIDDEN, THAT_MACHINE);
        assertEquals(OneDnnCaches.State.REPAIRED, outcome.state());
        assertArrayEquals(new long[] {48 * KIB, MIB, MIB}, outcome.sizes());
        assertTrue(
                outcome.describe().startsWith("repaired: L1d 48 KiB, L2 1024 KiB, L3 1024 KiB"),
                outcome.describe());
        assertTrue(outcome.detail().contains("associativity 0"), outcome.detail());
    }

    @Test
    void anL3GlibcReadsWithItsAssociativityIsUsedAsIs() {
        var reported = new CacheRepairPlan.Reported(26, 2, 1, 48 * KIB, MIB, 32 * MIB, 16);
        OneDnnCaches outcome = CacheRepairPlan.decide(HIDDEN, reported);
        assertArrayEquals(new long[] {48 * KIB, MIB, 32 * MIB}, outcome.sizes());
        assertTrue(!outcome.detail().contains("guess"), outcome.detail());
    }

    @Test
    void theGuessedL3ScalesWithTheCoresOneDnnSaysShareIt() {
        var shared =
                new CacheRepairPlan.Recorded(new long[] {1, 1, 1}, new long[] {1, 1, 8}, 26, 2, 1);
        assertEquals(8 * MIB, CacheRepairPlan.decide(shared, THAT_MACHINE).sizes()[2]);
    }

    @Test
    void cachesOneDnnCouldReadAreLeftAlone() {
        var read =
                new CacheRepairPlan.Recorded(
                        new long[] {48 * KIB, MIB, 32 * MIB}, new long[] {1, 1, 8}, 26, 2, 1);
        OneDnnCaches outcome = CacheRepairPlan.decide(read, THAT_MACHINE);
        assertEquals(OneDnnCaches.State.VISIBLE, outcome.state());
        assertArrayEquals(read.sizes(), outcome.sizes());
    }

    @Test
    void aRecordWhoseCpuIdentityDiffersFromCpuinfoIsAnotherLayoutAndLeftAlone() {
        var elsewhere = new CacheRepairPlan.Reported(25, 17, 1, 48 * KIB, MIB, 32 * MIB, 16);
        OneDnnCaches outcome = CacheRepairPlan.decide(HIDDEN, elsewhere);
        assertEquals(OneDnnCaches.State.NOT_RECOGNISED, outcome.state());
        assertEquals(0, outcome.sizes().length);
        assertTrue(outcome.detail().contains("family 26 model 2 stepping 1"), outcome.detail());
        assertTrue(outcome.detail().contains("25/17/1"), outcome.detail());
    }

    @Test
    void aRecordPartlyReadOrWithAnImpossibleLevelCountIsLeftAlone() {
        var partly =
                new CacheRepairPlan.Recorded(
                        new long[] {48 * KIB, 1, 1}, new long[] {1, 1, 1}, 26, 2, 1);
        assertEquals(
                OneDnnCaches.State.NOT_RECOGNISED,
                CacheRepairPlan.decide(partly, THAT_MACHINE).state());
        var oneLevel = new CacheRepairPlan.Recorded(new long[] {1}, new long[] {1}, 26, 2, 1);
        assertEquals(
                OneDnnCaches.State.NOT_RECOGNISED,
                CacheRepairPlan.decide(oneLevel, THAT_MACHINE).state());
    }

    @Test
    void withoutRealSizesFromGlibcThereIsNothingToWriteAndTheRecordIsLeftAlone() {
        var blind = new CacheRepairPlan.Reported(26, 2, 1, 0, 0, 0, 0);
        OneDnnCaches outcome = CacheRepairPlan.decide(HIDDEN, blind);
        assertEquals(OneDnnCaches.State.NOT_RECOGNISED, outcome.state());
        assertTrue(outcome.detail().contains("no real sizes"), outcome.detail());
    }
}
