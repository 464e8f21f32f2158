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

    @Test
    void everyCifarNetworkIsNamedByItsOwnDepthAndShortcutsNotByItsCatalogueEntry() {
        try (ImageClassifier resnet20 = ResNets.cifar(20, Shortcuts.RESIDUAL);
                ImageClassifier plain56 = ResNets.cifar(56, Shortcuts.NONE);
                ImageClassifier resnet32 = ResNets.cifar(32, Shortcuts.RESIDUAL);
                ImageClassifier plain110 = ResNets.cifar(110, Shortcuts.NONE);
                ImageClassifier optionB = ResNets.cifar(20, Shortcuts.PROJECTION);
                ImageClassifier newHead = resnet32.withHead(Head.linear(100))) {
            assertEquals("resnet20", resnet20.name());
            assertEquals("plain56", plain56.name());
            assertEquals("resnet32", resnet32.name());
            assertEquals("plain110", plain110.name());
            assertEquals("resnet20-b", optionB.name());
            assertEquals("resnet32", newHead.name());
            assertEquals(Architecture.RESNET56, resnet32.architecture());
        }
    }
}
