package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchitectureTest {
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void parameterCountEqualsTheSourceFrameworks(Architecture arch) {
        try (ImageClassifier model = arch.build()) {
            assertEquals(arch.publishedParameters(), arch.countAsPublished(model), arch.id());
            assertEquals(model.parameterCount(), model.trainableParameterCount());
        }
    }

    @Test
    void resnet50V2WithoutTopHasKerasNoTopCount() {
        try (ImageClassifier model = ResNets.resnet50V2()) {
            long body = 0;
            for (Parameter p : model.body().getParameters().values()) {
                body += p.getArray().size();
            }
            assertEquals(23_564_800L, body);
        }
    }

    @Test
    void cifarNetsHaveThePapersSizes() {
        // He et al. 2015, Table 6: ResNet-20 0.27M, ResNet-56 0.85M parameters.
        assertEquals(0.27, Architecture.RESNET20.publishedParameters() / 1e6, 0.005);
        assertEquals(0.85, Architecture.RESNET56.publishedParameters() / 1e6, 0.005);
    }
}
