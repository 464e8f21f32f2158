package io.github.resnetcourse.kit.models;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A model that declares its parameter groups, from input to output, the last one being the task
 * head (fastai's {@code splitter}). The kit's {@link ImageClassifier} declares its stages and head;
 * a network of your own implements this (often with {@link #bodyAndHead}) so that a {@code
 * train.Learner} can freeze it and give its body a lower rate.
 */
public interface ParameterGroups {
    /** The groups from input to output; the last one is the head. */
    List<ParameterGroup> parameterGroups();

    /** The two groups {@code body} and {@code head}. */
    static List<ParameterGroup> bodyAndHead(Block body, Block head) {
        return List.of(ParameterGroup.of("body", body), ParameterGroup.of("head", head));
    }
}
