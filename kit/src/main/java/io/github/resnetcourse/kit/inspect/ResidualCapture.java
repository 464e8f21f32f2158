package io.github.resnetcourse.kit.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResidualBlock;
import io.github.resnetcourse.kit.models.ShortcutKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What every residual block of a model computed in one inference-mode forward pass: its input
 * {@code x}, its residual {@code F(x)}, its shortcut and its output {@code post(x + F(x))} (lesson
 * 05). The captured arrays are copies owned by this object; close it to free them.
 *
 * <pre>{@code
 * try (ResidualCapture c = ResidualCapture.run(model, images)) {
 *     Table t = c.norms();               // ‖x‖, ‖F(x)‖ and ‖F(x)‖/‖x‖ per block
 *     NDArray fx = c.blocks().get(3).residual();
 * }
 * }</pre>
 */
public final class ResidualCapture implements AutoCloseable {
    /**
     * One block's arrays.
     *
     * @param block the block's path, e.g. {@code layer2.0}
     * @param kind its shortcut kind
     * @param input x
     * @param residual F(x)
     * @param shortcut the shortcut branch (x itself, its projection …), or null for a plain block
     * @param output the block's output
     */
    public record BlockTrace(
            String block,
            ShortcutKind kind,
            NDArray input,
            NDArray residual,
            NDArray shortcut,
            NDArray output) {
        /** ‖x‖, the Frobenius norm over the whole batch. */
        public double inputNorm() {
            return norm(input);
        }

        /** ‖F(x)‖, the Frobenius norm over the whole batch. */
        public double residualNorm() {
            return norm(residual);
        }

        /**
         * ‖F(x)‖/‖x‖: how much the block changes what it receives (0: it passes x on untouched).
         */
        public double ratio() {
            return residualNorm() / inputNorm();
        }

        /** {@code shortcut(x) + F(x)} before what follows the addition (a ReLU in ResNet v1). */
        public NDArray sum() {
            return shortcut == null ? residual.duplicate() : residual.add(shortcut);
        }
    }

    private final NDManager manager;
    private final List<BlockTrace> blocks;
    private final NDArray logits;

    private ResidualCapture(NDManager manager, List<BlockTrace> blocks, NDArray logits) {
        this.manager = manager;
        this.blocks = List.copyOf(blocks);
        this.logits = logits;
    }

    /**
     * Runs {@code images} (N, C, H, W) through {@code model} in inference mode and captures every
     * residual block. The model is left as it was (no probe stays installed).
     */
    public static ResidualCapture run(ImageClassifier model, NDArray images) {
        NDManager keep = NDManager.newBaseManager(images.getDevice());
        List<BlockTrace> traces = new ArrayList<>();
        Map<String, ResidualBlock> residuals = model.residualBlocks();
        try (NDManager scope = images.getManager().newSubManager()) {
            residuals.forEach(
                    (path, block) ->
                            block.setProbe(
                                    (x, fx, sc, out) ->
                                            traces.add(
                                                    new BlockTrace(
                                                            path,
                                                            block.shortcutKind(),
                                                            copy(x, keep),
                                                            copy(fx, keep),
                                                            sc == null ? null : copy(sc, keep),
                                                            copy(out, keep)))));
            NDArray in = images.duplicate();
            in.attach(scope);
            NDArray logits = copy(model.predict(in), keep);
            return new ResidualCapture(keep, traces, logits);
        } catch (RuntimeException e) {
            keep.close();
            throw e;
        } finally {
            residuals.values().forEach(b -> b.setProbe(null));
        }
    }

    private static NDArray copy(NDArray a, NDManager to) {
        NDArray c = a.duplicate();
        c.attach(to);
        return c;
    }

    /** The traces in forward order. */
    public List<BlockTrace> blocks() {
        return blocks;
    }

    /** The blocks' paths in forward order ({@code layer1.0}, {@code layer1.1} …). */
    public List<String> blockNames() {
        return blocks.stream().map(BlockTrace::block).toList();
    }

    /** ‖F(x)‖/‖x‖ of every block in forward order. */
    public double[] ratios() {
        return blocks.stream().mapToDouble(BlockTrace::ratio).toArray();
    }

    /**
     * The trace of the block at {@code path}.
     *
     * @throws IllegalArgumentException naming the captured blocks when there is none at {@code
     *     path}
     */
    public BlockTrace block(String path) {
        return blocks.stream()
                .filter(t -> t.block().equals(path))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "No residual block '"
                                                + path
                                                + "'; the captured blocks are "
                                                + blockNames()));
    }

    /** The model's output for the batch. */
    public NDArray logits() {
        return logits;
    }

    /**
     * One row per block: block, shortcut kind, ‖x‖, ‖F(x)‖ and ‖F(x)‖/‖x‖ (Frobenius norms over the
     * batch). A small ratio means the block mostly passes its input on.
     */
    public Table norms() {
        StringColumn block = StringColumn.create("block");
        StringColumn kind = StringColumn.create("shortcut");
        DoubleColumn xNorm = DoubleColumn.create("‖x‖");
        DoubleColumn fNorm = DoubleColumn.create("‖F(x)‖");
        DoubleColumn ratio = DoubleColumn.create("‖F(x)‖/‖x‖");
        for (BlockTrace t : blocks) {
            double nx = t.inputNorm();
            double nf = t.residualNorm();
            block.append(t.block());
            kind.append(t.kind().name());
            xNorm.append(nx);
            fNorm.append(nf);
            ratio.append(nf / nx);
        }
        return Table.create("Residual norms", block, kind, xNorm, fNorm, ratio);
    }

    private static double norm(NDArray a) {
        // Summed in float64: a 224-px batch has millions of elements, and a float32 sum of that
        // many
        // squares drifts by more than the 1e-4 the parity test allows.
        try (NDArray d = a.toType(DataType.FLOAT64, true);
                NDArray sq = d.square();
                NDArray sum = sq.sum()) {
            return Math.sqrt(sum.getDouble());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
