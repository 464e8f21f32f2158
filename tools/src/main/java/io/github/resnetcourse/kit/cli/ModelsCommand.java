package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.weights.ModelCatalog;
import tech.tablesaw.api.Table;

/**
 * {@code ./course models}: prints the kit's models — name, parameters, input size, where the
 * architecture and its pretrained weights come from, and whether the weights file is present.
 */
public final class ModelsCommand {
    private ModelsCommand() {}

    /**
     * Entry point.
     *
     * @param args {@code --help} or nothing
     */
    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(
                    """
                    usage: ./course models

                    Lists the kit's models: parameters (as PyTorch or Keras count them), input
                    size, the source of the architecture, its pretrained weights file and
                    whether that file is in the weights folder (fetch missing ones with
                    ./course weights fetch NAME). Lesson 01 shows the same table from code:
                    ModelCatalog.table().""");
            return;
        }
        if (args.length > 0) {
            System.out.println("Unknown argument '" + args[0] + "'; see ./course models --help");
            System.exit(2);
        }
        Env env = Env.current();
        Table table = ModelCatalog.table(env);
        System.out.println(table.printAll());
        System.out.println("Weights folder: " + env.weightsDir());
    }
}
