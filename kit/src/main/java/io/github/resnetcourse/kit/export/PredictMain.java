package io.github.resnetcourse.kit.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.eval.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A separate program that uses an export: {@code java -cp <kit and its libraries>
 * io.github.resnetcourse.kit.export.PredictMain EXPORT_FOLDER INPUTS OUTPUT}. It loads the export,
 * reads a batch of prepared images ({@code INPUTS}, an {@link NDList} as {@link NDList#encode}
 * writes it), writes the logits to {@code OUTPUT} in the same format, and prints each image's three
 * most probable classes with their probabilities.
 */
public final class PredictMain {
    private PredictMain() {}

    /** Runs the program; exits with status 2 on wrong arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.out.println("usage: PredictMain EXPORT_FOLDER INPUTS OUTPUT");
            System.exit(2);
        }
        Engines.init();
        Path folder = Path.of(args[0]);
        try (NDManager manager = NDManager.newBaseManager();
                ExportedModel model = ExportedModel.load(folder);
                InputStream in = Files.newInputStream(Path.of(args[1]))) {
            NDArray images = NDList.decode(manager, in).singletonOrThrow();
            NDArray logits = model.logits(images);
            try (OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
                new NDList(logits).encode(out);
            }
            List<Prediction> predictions = model.predict(images, 3);
            List<String> names = model.classNames();
            for (int i = 0; i < predictions.size(); i++) {
                Prediction p = predictions.get(i);
                StringBuilder line = new StringBuilder("image " + i + ":");
                for (int j = 0; j < p.topClasses().length; j++) {
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    "  %s %.1f%%",
                                    names.get(p.topClasses()[j]),
                                    100 * p.topProbabilities()[j]));
                }
                System.out.println(line);
            }
        }
    }
}
