package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code AdaptiveAvgPool2d(out)}: output cell {@code i} averages input rows {@code
 * floor(i·in/out)} to {@code ceil((i+1)·in/out)}, and likewise for columns. AlexNet needs it: its
 * 6×6 pool is a no-op at 224×224 but repeats cells when the input is smaller (the CIFAR variant).
 */
public final class AdaptiveAvgPool2d extends AbstractBlock {
    private final int outH;
    private final int outW;

    /** A pool to {@code outH × outW} cells. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        super((byte) 1);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long inH = x.getShape().get(2);
        long inW = x.getShape().get(3);
        if (inH % outH == 0 && inW % outW == 0) {
            // Equal, non-overlapping bins: an ordinary average pool (identity when in == out).
            Shape k = new Shape(inH / outH, inW / outW);
            return new NDList(Pool.avgPool2d(x, k, k, new Shape(0, 0), false, true));
        }
        return new NDList(pool(pool(x, 2, outH), 3, outW));
    }

    private static NDArray pool(NDArray x, int axis, int out) {
        long in = x.getShape().get(axis);
        NDList cells = new NDList(out);
        for (int i = 0; i < out; i++) {
            long start = Math.floorDiv(i * in, out);
            long end = -Math.floorDiv(-(i + 1) * in, out);
            String index =
                    axis == 2
                            ? ":, :, " + start + ":" + end + ", :"
                            : ":, :, :, " + start + ":" + end;
            cells.add(x.get(index).mean(new int[] {axis}, true));
        }
        return NDArrays.concat(cells, axis);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), outH, outW)};
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + ", " + outW + ")";
    }
}
