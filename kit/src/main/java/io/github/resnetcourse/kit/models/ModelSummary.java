package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Builds {@link ImageClassifier#summary()}: a Keras-style layer table as a tablesaw table. */
final class ModelSummary {
    private final StringColumn layer = StringColumn.create("layer");
    private final StringColumn type = StringColumn.create("type");
    private final StringColumn output = StringColumn.create("output shape");
    private final LongColumn params = LongColumn.create("parameters");
    private final LongColumn trainable = LongColumn.create("trainable");

    private ModelSummary() {}

    static Table of(ImageClassifier model, Shape batchShape) {
        ModelSummary s = new ModelSummary();
        Shape[] shapes = s.rows(model.body(), "", new Shape[] {batchShape});
        s.rows(model.head(), model.headName(), shapes);
        return Table.create(
                model.name() + " summary", s.layer, s.type, s.output, s.params, s.trainable);
    }

    /**
     * Adds rows for {@code block}'s layers, expanding named sequences, and returns its output
     * shape.
     */
    private Shape[] rows(Block block, String path, Shape[] in) {
        if (block instanceof NamedSequential seq) {
            Shape[] current = in;
            var children = seq.getChildren();
            for (int i = 0; i < children.size(); i++) {
                String name = ParameterPaths.childName(children, i);
                current =
                        rows(
                                children.get(i).getValue(),
                                path.isEmpty() ? name : path + "." + name,
                                current);
            }
            return current;
        }
        Shape[] out = block.getOutputShapes(in);
        layer.append(path);
        type.append(typeName(block));
        output.append(out[0].toString());
        long all = 0;
        long train = 0;
        for (Parameter p : block.getParameters().values()) {
            if (!ImageClassifier.isBuffer(p)) {
                long n = p.getArray().size();
                all += n;
                train += p.requiresGradient() ? n : 0;
            }
        }
        params.append(all);
        trainable.append(train);
        return out;
    }

    private static String typeName(Block block) {
        if (block instanceof LambdaBlock lambda) {
            return lambda.getName();
        }
        if (block instanceof FreezableBatchNorm) {
            return "BatchNorm"; // what it computes; freezability is the learner's business
        }
        return block.getClass().getSimpleName();
    }
}
