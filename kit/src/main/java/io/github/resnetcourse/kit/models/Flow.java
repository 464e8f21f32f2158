package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One path through a chain of layers that frees each intermediate as soon as the next layer has
 * consumed it.
 *
 * <p>Why: DJL frees an intermediate only when the batch's manager closes, so a forward pass would
 * hold every activation of the network until the end of the batch, although autograd keeps its own
 * reference to what backward needs. Closing the Java handle early drops only what PyTorch would
 * have freed too. The path's input is never closed or overwritten: it belongs to the caller.
 */
final class Flow {
    private final ParameterStore store;
    private final boolean training;
    private final PairList<String, Object> params;
    private final NDArray input;
    private NDArray current;

    Flow(ParameterStore store, NDArray input, boolean training, PairList<String, Object> params) {
        this.store = store;
        this.training = training;
        this.params = params;
        this.input = input;
        this.current = input;
    }

    /** Runs {@code block} on the current array and releases that array. */
    Flow then(Block block) {
        NDArray next =
                block.forward(store, new NDList(current), training, params).singletonOrThrow();
        if (current != input && current != next) {
            current.close();
        }
        current = next;
        return this;
    }

    /**
     * ReLU, out of place: it follows batch norm, whose DJL result is a view (a transpose), and an
     * in-place operation on a view makes autograd copy the whole base in backward.
     */
    Flow relu() {
        NDArray next = Activation.relu(current);
        if (current != input) {
            current.close();
        }
        current = next;
        return this;
    }

    /** The last array computed; the caller owns it. */
    NDArray result() {
        return current;
    }
}
