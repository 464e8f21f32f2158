package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.setup.Doctor;
import io.github.resnetcourse.kit.setup.EnvironmentReport;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./course doctor}: prints the {@link Doctor}'s environment report. Exit status 0 when the
 * course can run (missing datasets or weights are fine: lessons fall back to generated data), 1
 * when something is broken, 2 on bad usage.
 */
public final class DoctorCommand {
    static final String USAGE =
            """
            Usage: ./course doctor

            Reports Java, the kit version, the DJL engine and device, the data folder, and which
            datasets and pretrained weights are present, with the command that fetches each
            missing one. Changes nothing.
            """;

    private DoctorCommand() {}

    /** Entry point; see {@link #USAGE}. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /** Runs the command with {@code args}, printing to {@code out}; returns the exit status. */
    static int run(List<String> args, PrintStream out) {
        if (args.contains("-h") || args.contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (!args.isEmpty()) {
            out.println("error: doctor takes no arguments, got " + args);
            out.print(USAGE);
            return 2;
        }
        EnvironmentReport report = Doctor.report();
        out.print(report.toText());
        if (report.hasFailures()) {
            out.println("Something is broken: follow the → hints above, then run ./course doctor");
            return 1;
        }
        return 0;
    }
}
