package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.notebook.Env;
import java.util.Optional;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The kit's models in one table, as {@code ./course models} prints it and lesson 01 shows it: name,
 * parameters (as the source counts them), input size, where pretrained weights come from, and
 * whether their file is present.
 */
public final class ModelCatalog {
    private ModelCatalog() {}

    /** The table for the weights folder of {@code env}. */
    public static Table table(Env env) {
        return table(WeightsLocation.of(env));
    }

    /** The table, with each file looked up in {@code location}. */
    public static Table table(WeightsLocation location) {
        StringColumn name = StringColumn.create("model");
        LongColumn params = LongColumn.create("parameters");
        IntColumn input = IntColumn.create("input size");
        StringColumn source = StringColumn.create("architecture from");
        StringColumn weights = StringColumn.create("pretrained weights");
        StringColumn present = StringColumn.create("weights file");
        for (Architecture a : Architecture.values()) {
            name.append(a.id());
            params.append(a.publishedParameters());
            input.append(a.inputSize());
            source.append(a.source());
            // The CIFAR AlexNet starts from the ImageNet AlexNet's weights (AlexNets.forCifar).
            boolean adapted = a == Architecture.ALEXNET_CIFAR;
            Optional<Weights> w = Weights.forArchitecture(adapted ? Architecture.ALEXNET : a);
            weights.append(
                    w.map(
                                    x ->
                                            x.name()
                                                    + (adapted ? ", adapted" : "")
                                                    + " ("
                                                    + x.fileName()
                                                    + ", "
                                                    + x.sizeText()
                                                    + ")")
                            .orElse("none (random initialisation)"));
            present.append(
                    w.map(x -> x.isPresent(location) ? "present" : "missing: " + x.fetchCommand())
                            .orElse("-"));
        }
        return Table.create("Models", name, params, input, source, weights, present);
    }

    /** {@link #table(Env)} for the notebook's environment ({@link Env#current()}). */
    public static Table table() {
        return table(Env.current());
    }
}
