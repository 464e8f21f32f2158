package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.engine.Engines;
import org.junit.jupiter.api.Test;

class KitCaseRunnerTest {

    @Test
    void tinyCaseMeasuresThroughputAndPeakMemoryForBothUpdateRules() {
        for (UpdateRule rule : UpdateRule.values()) {
            Measurement m =
                    new KitCaseRunner(
                                    new BenchCase(32, 2, Backbone.FROZEN, 1, 1),
                                    rule,
                                    RandomBatches.Pass.exactly(1))
                            .run(Engines.init());
            assertTrue(m.trainImagesPerSecond() > 0, m.toString());
            assertTrue(m.evalImagesPerSecond() > 0, m.toString());
            assertTrue(m.peakRssMb() > 50, m.toString());
            assertTrue(m.runtime().startsWith("kit (libtorch 2.7.1"), m.runtime());
        }
    }
}
