package io.github.resnetcourse.kit.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned parameters (weights and biases; not batch norm's running mean and variance, which are
 * statistics, not learned) of each direct child of a block, in the order the children were added —
 * what {@code sum(p.numel() for p in child.parameters())} gives per child in PyTorch.
 *
 * <p>DJL names a child by its position and a name ({@code "01conv1"} for a named layer, {@code
 * "05SequentialBlock"} for an unnamed one); {@link #names()} drops the position, and a child can be
 * looked up by that name or by its 0-based position. The block must be initialised.
 */
public final class ParameterCounts {
    private final List<String> names;
    private final long[] counts;

    private ParameterCounts(List<String> names, long[] counts) {
        this.names = List.copyOf(names);
        this.counts = counts;
    }

    /**
     * The counts of {@code block}'s direct children.
     *
     * @throws IllegalStateException if the block is not initialised
     */
    public static ParameterCounts byChild(Block block) {
        List<String> names = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            names.add(child.getKey().replaceFirst("^\\d+", ""));
            counts.add(learned(child.getValue()));
        }
        return new ParameterCounts(names, counts.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The learned parameters of {@code block} and everything inside it.
     *
     * @throws IllegalStateException if the block is not initialised (its shapes are unknown)
     */
    public static long learned(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException(
                    "The block is not initialised, so its parameter shapes are unknown: call"
                            + " block.initialize(manager, DataType.FLOAT32, inputShape) first.");
        }
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** The children's names without DJL's position prefix, in order. */
    public List<String> names() {
        return names;
    }

    /** The sum over all children. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The count of the child at {@code position} (0-based, in the order the children were added).
     *
     * @throws IndexOutOfBoundsException naming the valid positions
     */
    public long at(int position) {
        if (position < 0 || position >= counts.length) {
            throw new IndexOutOfBoundsException(
                    "No child at position "
                            + position
                            + ": the block has "
                            + counts.length
                            + " children (0 to "
                            + (counts.length - 1)
                            + "): "
                            + names);
        }
        return counts[position];
    }

    /** The sum of the children at {@code positions}. */
    public long sumAt(int... positions) {
        long n = 0;
        for (int p : positions) {
            n += at(p);
        }
        return n;
    }

    /**
     * The count of the child called {@code name}.
     *
     * @throws IllegalArgumentException if no child, or more than one, has that name
     */
    public long get(String name) {
        int found = names.indexOf(name);
        if (found < 0) {
            throw new IllegalArgumentException(
                    "No child called '" + name + "'; the children are " + names);
        }
        if (names.lastIndexOf(name) != found) {
            throw new IllegalArgumentException(
                    "Several children are called '"
                            + name
                            + "' ("
                            + names
                            + "): look them up by position with at(...)");
        }
        return counts[found];
    }

    /** The sum of the children called {@code names}. */
    public long sum(String... names) {
        long n = 0;
        for (String name : names) {
            n += get(name);
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterCounts[");
        for (int i = 0; i < counts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(counts[i]);
        }
        return sb.append(']').toString();
    }
}
