package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.weights.Weights;
import io.github.resnetcourse.kit.weights.WeightsDownload;
import io.github.resnetcourse.kit.weights.WeightsLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code ./course weights status | fetch NAME... | fetch all | verify}: the pretrained weight files
 * the lessons use.
 */
public final class WeightsCommand {
    private static final String USAGE =
            """
            usage: ./course weights status          which weight files are present
                   ./course weights fetch NAME...   download and verify (NAME: resnet18,
                                                    resnet50, resnet152, alexnet, resnet50v2, all)
                   ./course weights verify          check present files against their checksums

            Files go to $COURSE_DATA/weights (default data/weights). A cut download resumes.""";

    private WeightsCommand() {}

    /**
     * Entry point.
     *
     * @param args a sub-command and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, Env.current()));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, Env env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "status":
                    status(env);
                    return 0;
                case "verify":
                    return verify(env);
                case "fetch":
                    if (args.length < 2) {
                        System.out.println("fetch needs a NAME\n" + USAGE);
                        return 2;
                    }
                    for (int i = 1; i < args.length; i++) {
                        if (args[i].equals("all")) {
                            for (Weights w : Weights.values()) {
                                WeightsDownload.fetch(w, WeightsLocation.of(env));
                            }
                        } else {
                            WeightsDownload.fetch(Weights.byId(args[i]), WeightsLocation.of(env));
                        }
                    }
                    return 0;
                default:
                    System.out.println("Unknown sub-command '" + args[0] + "'\n" + USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException | IOException e) {
            System.out.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static void status(Env env) {
        System.out.println("Weights folder: " + env.weightsDir());
        for (Weights w : Weights.values()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s %-52s %9s  %s%n",
                    w.name(),
                    w.fileName(),
                    w.sizeText(),
                    w.isPresent(env) ? "present" : "missing — " + w.fetchCommand());
        }
    }

    private static int verify(Env env) throws IOException {
        int bad = 0;
        for (Weights w : Weights.values()) {
            if (!Files.isRegularFile(w.file(env))) {
                continue;
            }
            boolean ok = w.verify(w.file(env));
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s %s%n",
                    w.name(),
                    ok ? "checksum OK" : "CHECKSUM MISMATCH — delete it and " + w.fetchCommand());
            bad += ok ? 0 : 1;
        }
        return bad == 0 ? 0 : 1;
    }
}
