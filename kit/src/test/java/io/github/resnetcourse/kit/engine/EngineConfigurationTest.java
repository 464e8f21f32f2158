package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineConfigurationTest {

    @Test
    void everyCandidateReadsBackFromItsLabel() {
        for (EngineConfiguration c : EngineConfiguration.candidates()) {
            assertEquals(c, EngineConfiguration.parse(c.label()));
        }
        assertEquals("onednn/all/channels-last", EngineConfiguration.DEFAULT.label());
        assertEquals(EngineConfiguration.DEFAULT, EngineConfiguration.candidates().get(0));
    }

    @Test
    void aBadLabelIsRefusedWithTheAcceptedForm() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> EngineConfiguration.parse("onednn/avx3/nchw"));
        assertTrue(e.getMessage().contains("'onednn/avx3/nchw'"), e.getMessage());
        assertTrue(e.getMessage().contains("onednn/all/channels-last"), e.getMessage());
    }

    @Test
    void theCpuSignatureHoldsTheCacheFiguresAndAStableKey() {
        CpuSignature a = CpuSignature.ofThisMachine("2.7.1");
        CpuSignature b = CpuSignature.ofThisMachine("2.7.1");
        CpuSignature other = CpuSignature.ofThisMachine("2.5.1");

        assertEquals(a.key(), b.key());
        assertTrue(!a.key().equals(other.key()), "another libtorch gets its own check");
        assertEquals(16, a.key().length());
        assertTrue(a.cacheSummary().contains("L2 size"), a.cacheSummary());
    }
}
