package io.github.resnetcourse.kit.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import io.github.resnetcourse.kit.models.FreezableBatchNorm;
import io.github.resnetcourse.kit.models.ParameterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The learner's one place that freezes: a prefix of the model's declared parameter groups stops
 * training (fastai's {@code freeze_to}), and the batch-norm layers in it follow a {@link
 * BatchNormWhenFrozen} policy. Which parameters are frozen is held by the parameters themselves
 * (DJL's {@code requiresGradient}), so a checkpoint restores it by name; the policy is this class's
 * own state.
 */
final class Freezing {
    private final Block block;
    private final List<ParameterGroup> groups;
    private final List<Parameter> learnable;
    private BatchNormWhenFrozen batchNorm = BatchNormWhenFrozen.TRAINING_STATISTICS;

    Freezing(Block block, List<ParameterGroup> groups, List<Parameter> learnable) {
        this.block = block;
        this.groups = List.copyOf(groups);
        this.learnable = List.copyOf(learnable);
    }

    /** Freezes the first {@code n} groups (negative: from the end), the others train. */
    void freezeTo(int n, BatchNormWhenFrozen policy) {
        Objects.requireNonNull(policy, "policy");
        List<ParameterGroup> all = groups();
        int frozen = n < 0 ? all.size() + n : n;
        if (frozen < 0 || frozen > all.size()) {
            throw new IllegalArgumentException(
                    "freezeTo("
                            + n
                            + ") is outside the model's "
                            + all.size()
                            + " parameter groups "
                            + groupNames()
                            + ".");
        }
        List<Parameter> before = trainable();
        for (int i = 0; i < all.size(); i++) {
            for (Parameter p : all.get(i).parameters()) {
                p.freeze(i < frozen);
            }
        }
        try {
            setBatchNorm(policy);
        } catch (IllegalArgumentException e) {
            for (Parameter p : learnable) {
                p.freeze(!before.contains(p));
            }
            throw e;
        }
    }

    /** The index after the group called {@code lastFrozen}. */
    int through(String lastFrozen) {
        int i = groupNames().indexOf(lastFrozen);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "No parameter group '"
                            + lastFrozen
                            + "'; the model's groups are "
                            + groupNames());
        }
        return i + 1;
    }

    /** Every learned parameter trains; batch norm normalises by the batch everywhere again. */
    void unfreeze() {
        for (Parameter p : learnable) {
            p.freeze(false);
        }
        setBatchNorm(BatchNormWhenFrozen.TRAINING_STATISTICS);
    }

    /** The policy for frozen batch-norm layers now in force. */
    BatchNormWhenFrozen batchNorm() {
        return batchNorm;
    }

    /**
     * Applies {@code policy} to every batch-norm layer according to whether its scale is frozen now
     * (also after a checkpoint froze parameters by name).
     *
     * @throws IllegalArgumentException naming a frozen DJL {@code BatchNorm}, which {@link
     *     BatchNormWhenFrozen#FROZEN_STATISTICS} cannot reach; no layer is changed then
     */
    void setBatchNorm(BatchNormWhenFrozen policy) {
        Objects.requireNonNull(policy, "policy");
        Map<String, Block> layers = new java.util.LinkedHashMap<>();
        collect("", block, layers);
        if (policy == BatchNormWhenFrozen.FROZEN_STATISTICS) {
            for (Map.Entry<String, Block> e : layers.entrySet()) {
                if (e.getValue() instanceof BatchNorm djl
                        && !djl.getDirectParameters().get("gamma").requiresGradient()) {
                    throw new IllegalArgumentException(
                            "Layer '"
                                    + e.getKey()
                                    + "' is DJL's BatchNorm, which always normalises a training"
                                    + " batch by its own statistics, so FROZEN_STATISTICS cannot"
                                    + " apply to it; build it as models.FreezableBatchNorm, or"
                                    + " freeze with TRAINING_STATISTICS.");
                }
            }
        }
        for (Block b : layers.values()) {
            if (b instanceof FreezableBatchNorm bn) {
                boolean frozen = !bn.gamma().requiresGradient();
                bn.setMode(
                        frozen && policy == BatchNormWhenFrozen.FROZEN_STATISTICS
                                ? FreezableBatchNorm.Mode.RUNNING_STATISTICS
                                : FreezableBatchNorm.Mode.BATCH_STATISTICS);
            }
        }
        this.batchNorm = policy;
    }

    private static void collect(String path, Block b, Map<String, Block> out) {
        if (b instanceof FreezableBatchNorm || b instanceof BatchNorm) {
            out.put(path, b);
            return;
        }
        for (var child : b.getChildren()) {
            collect(
                    path.isEmpty() ? child.getKey() : path + "." + child.getKey(),
                    child.getValue(),
                    out);
        }
    }

    /**
     * A checkpoint's share of freezing: the names of the frozen parameters (as {@code
     * block.getParameters()} names them) and the batch-norm policy.
     */
    record State(List<String> frozen, BatchNormWhenFrozen batchNorm) {}

    /** The state now, naming parameters by {@code namesById}. */
    State state(Map<String, String> namesById) {
        List<String> frozen = new ArrayList<>();
        for (Parameter p : learnable) {
            if (!p.requiresGradient()) {
                frozen.add(namesById.get(p.getId()));
            }
        }
        return new State(frozen, batchNorm);
    }

    /** Freezes exactly the parameters {@code state} names and applies its batch-norm policy. */
    void loadState(State state, Map<String, String> namesById) {
        java.util.Set<String> frozen = new java.util.HashSet<>(state.frozen());
        for (Parameter p : learnable) {
            p.freeze(frozen.contains(namesById.get(p.getId())));
        }
        setBatchNorm(state.batchNorm());
    }

    /** The names of the groups, from input to output (the head last). */
    List<String> groupNames() {
        return groups().stream().map(ParameterGroup::name).toList();
    }

    /** The declared groups. */
    List<ParameterGroup> groups() {
        if (groups.isEmpty()) {
            throw new IllegalStateException(
                    "This model declares no parameter groups: implement models.ParameterGroups or"
                            + " pass optHeadParameters(name -> ...) to the builder.");
        }
        return groups;
    }

    /** The parameters that train now. */
    List<Parameter> trainable() {
        List<Parameter> t = new ArrayList<>();
        for (Parameter p : learnable) {
            if (p.requiresGradient()) {
                t.add(p);
            }
        }
        return t;
    }
}
