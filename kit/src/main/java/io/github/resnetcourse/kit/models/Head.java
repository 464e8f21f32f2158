package io.github.resnetcourse.kit.models;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A recipe for the layers after a network's feature vector. Each {@link #build()} makes fresh,
 * uninitialised layers, so one recipe can head several models. Layer names follow what a PyTorch
 * user assigns to {@code model.fc}: a bare {@code Linear}, or an {@code nn.Sequential} numbered
 * from 0.
 */
public final class Head {
    private final String description;
    private final int classes;
    private final Supplier<Block> factory;
    private final String recipe;

    private Head(String description, int classes, Supplier<Block> factory, String recipe) {
        this.description = description;
        this.classes = classes;
        this.factory = factory;
        this.recipe = recipe;
    }

    /** {@code Linear(features → classes)}, producing logits (use with softmax cross-entropy). */
    public static Head linear(int classes) {
        checkClasses(classes);
        return new Head(
                "Linear(" + classes + ")",
                classes,
                () -> Layers.linear(classes),
                "linear " + classes);
    }

    /**
     * {@code Linear(features → classes)} then {@code LogSoftmax}: log-probabilities, for an NLL
     * loss (lesson 03; NLL on log-softmax equals cross-entropy on logits).
     */
    public static Head linearLogSoftmax(int classes) {
        checkClasses(classes);
        return new Head(
                "Linear(" + classes + ") → LogSoftmax",
                classes,
                () ->
                        new NamedSequential()
                                .add("0", Layers.linear(classes))
                                .add(
                                        "1",
                                        LambdaBlock.singleton(x -> x.logSoftmax(1), "logSoftmax")),
                "linearLogSoftmax " + classes);
    }

    /**
     * {@code Linear(hidden) → ReLU → Dropout(dropout) → Linear(classes)}, producing logits (lesson
     * 07 uses {@code mlp(256, 0.5f, n)}).
     */
    public static Head mlp(int hidden, float dropout, int classes) {
        checkClasses(classes);
        if (hidden < 1 || dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException(
                    "mlp head needs hidden ≥ 1 and 0 ≤ dropout < 1, got hidden="
                            + hidden
                            + ", dropout="
                            + dropout);
        }
        return new Head(
                "Linear("
                        + hidden
                        + ") → ReLU → Dropout("
                        + dropout
                        + ") → Linear("
                        + classes
                        + ")",
                classes,
                () ->
                        new NamedSequential()
                                .add("0", Layers.linear(hidden))
                                .add("1", Layers.relu())
                                .add("2", Layers.dropout(dropout))
                                .add("3", Layers.linear(classes)),
                "mlp " + hidden + " " + dropout + " " + classes);
    }

    /**
     * A head of your own: {@code factory} must return a new block mapping {@code (N, features)} to
     * {@code (N, classes)} on every call.
     */
    public static Head custom(String description, int classes, Supplier<Block> factory) {
        checkClasses(classes);
        return new Head(
                Objects.requireNonNull(description),
                classes,
                Objects.requireNonNull(factory),
                null);
    }

    /**
     * A one-line text that {@link #fromRecipe} turns back into this head ({@code "mlp 256 0.5
     * 20"}), for an exported model's descriptor; empty for a {@link #custom} head, whose layers are
     * code.
     */
    public Optional<String> recipe() {
        return Optional.ofNullable(recipe);
    }

    /**
     * The head a {@link #recipe()} describes: {@code linear N}, {@code linearLogSoftmax N} or
     * {@code mlp HIDDEN DROPOUT N}.
     */
    public static Head fromRecipe(String text) {
        String[] w = text.trim().split("\\s+");
        try {
            if (w.length == 2 && w[0].equals("linear")) {
                return linear(Integer.parseInt(w[1]));
            }
            if (w.length == 2 && w[0].equals("linearLogSoftmax")) {
                return linearLogSoftmax(Integer.parseInt(w[1]));
            }
            if (w.length == 4 && w[0].equals("mlp")) {
                return mlp(Integer.parseInt(w[1]), Float.parseFloat(w[2]), Integer.parseInt(w[3]));
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException(
                "Unknown head recipe '"
                        + text
                        + "'; expected 'linear N', 'linearLogSoftmax N' or 'mlp HIDDEN DROPOUT N'.");
    }

    /** Fresh, uninitialised layers. */
    public Block build() {
        return factory.get();
    }

    /** Number of outputs. */
    public int classes() {
        return classes;
    }

    /** A short description such as {@code Linear(10)}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private static void checkClasses(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("A head needs at least 1 class, got " + classes);
        }
    }
}
