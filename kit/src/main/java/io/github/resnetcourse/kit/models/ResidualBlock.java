package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block computing {@code out = post(F(x) + shortcut(x))}: the residual written out, as in
 * torchvision's {@code out += identity}. Subclasses say what {@code F} and the shortcut are; this
 * class adds them and hands x, F(x), the shortcut and the output to an installed {@link
 * ResidualProbe}, so lesson 05 can look inside every block of a real forward pass.
 */
public abstract class ResidualBlock extends AbstractBlock {
    private ResidualProbe probe;

    /** A block of encoding version {@code 1}. */
    protected ResidualBlock() {
        super((byte) 1);
    }

    /** The main path and the shortcut of {@code x}: {@code [F(x), shortcut(x)]}. */
    protected abstract Branches branches(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params);

    /**
     * What follows the addition: ReLU in ResNet v1, nothing in the pre-activation v2. {@code sum}
     * is this block's own array, so the step may overwrite it in place.
     */
    protected abstract NDArray afterAdd(NDArray sum);

    /** What kind of shortcut this block has. */
    public abstract ShortcutKind shortcutKind();

    /** Installs {@code probe} (or removes it with {@code null}). */
    public void setProbe(ResidualProbe probe) {
        this.probe = probe;
    }

    /**
     * Computes {@code F(x)} and the shortcut of {@code x} outside a full forward pass.
     *
     * @return {@code [F(x), shortcut(x)]}; the shortcut is {@code null} for a plain block
     */
    public Branches computeBranches(ParameterStore store, NDArray x, boolean training) {
        return branches(store, x, training, null);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Branches b = branches(store, x, training, params);
        NDArray residual = b.residual();
        NDArray shortcut = b.shortcut();
        if (probe != null) {
            // The probe reads F(x) and the shortcut after the block: add into a fresh array.
            NDArray sum = shortcut == null ? residual.duplicate() : residual.add(shortcut);
            NDArray out = afterAdd(sum);
            probe.record(x, residual, shortcut, out);
            residual.close();
            closeShortcut(shortcut, x);
            return new NDList(out);
        }
        // Out of place, unlike torchvision's `out += identity`: F(x) ends in DJL's batch norm,
        // whose result is a view (a transpose), and adding into a view makes autograd copy the
        // whole base in backward. The sum is a fresh array, so the ReLU after it runs in place.
        NDArray sum = shortcut == null ? residual : residual.add(shortcut);
        if (sum != residual) {
            residual.close();
        }
        closeShortcut(shortcut, x);
        return new NDList(afterAdd(sum));
    }

    private static void closeShortcut(NDArray shortcut, NDArray x) {
        // A projection, subsample or padding of x is this block's own; x is the caller's.
        if (shortcut != null && shortcut != x) {
            shortcut.close();
        }
    }

    /**
     * The two paths of a residual block.
     *
     * @param residual F(x), the main path
     * @param shortcut the shortcut, or {@code null} for a plain block
     */
    public record Branches(NDArray residual, NDArray shortcut) {}
}
