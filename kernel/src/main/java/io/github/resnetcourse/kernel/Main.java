package io.github.resnetcourse.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Starts the kernel: {@code java -cp ... io.github.resnetcourse.kernel.Main CONNECTION_FILE}, as
 * the kernelspec's {@code argv} does.
 */
public final class Main {
    /**
     * Runs what a kernel start and a first kit cell run, without Jupyter, and exits. The kernelspec
     * installer runs it with {@code -XX:ArchiveClassesAtExit} to record the classes a start loads
     * (JShell, javac, the kit) in a class-data-sharing archive, which later starts map instead of
     * loading and verifying them again.
     */
    static final String WARM_UP = "--warm-up";

    private Main() {}

    private static void warmUp() throws Exception {
        PrintStream processOut = System.out;
        routeLogging(processOut);
        CourseKernel kernel =
                CourseKernel.start(
                        KernelConfig.fromEnvironment(System.getenv()), processOut, System.err);
        Object mode = kernel.eval("Env.current().mode()");
        processOut.println("warm-up done: " + (mode == null ? "no result" : "kit answered"));
        System.exit(0);
    }

    /**
     * Runs the kernel until Jupyter shuts it down.
     *
     * @param args the path of Jupyter's connection file
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(WARM_UP)) {
            warmUp();
            return;
        }
        if (args.length != 1) {
            System.out.println(
                    "usage: java -cp 'kernel/target/lib/*:kernel/target/kernel-*.jar' "
                            + Main.class.getName()
                            + " CONNECTION_FILE | "
                            + WARM_UP
                            + "\n"
                            + "Jupyter starts this through the kernelspec that kernel/install-kernelspec writes.");
            System.exit(2);
        }
        PrintStream processOut = System.out;
        PrintStream processErr = System.err;
        routeLogging(processOut);

        String connectionJson = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        KernelConnectionProperties properties = KernelConnectionProperties.parse(connectionJson);
        CourseKernel kernel =
                CourseKernel.start(
                        KernelConfig.fromEnvironment(System.getenv()), processOut, processErr);
        exitWhenParentDies(System.getenv("JPY_PARENT_PID"));
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // A cell thread that ignored its interrupt must not keep the process alive.
        System.exit(0);
    }

    /**
     * Jupyter's client names its own process in {@code JPY_PARENT_PID}. If it dies without shutting
     * the kernel down (killed, crashed), the kernel exits too instead of lingering.
     */
    static void exitWhenParentDies(String parentPid) {
        if (parentPid == null || !parentPid.strip().matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parentPid.strip()))
                .ifPresent(
                        parent ->
                                parent.onExit()
                                        .thenRun(
                                                () -> {
                                                    System.exit(0);
                                                }));
    }

    /**
     * The base kernel logs every message at INFO through java.util.logging, whose default handler
     * writes to stderr, which front ends and graders read as errors. Keep warnings only, in the
     * kernel's log (its stdout); DJL's SLF4J logging goes the same way (simplelogger properties set
     * here unless the user set them).
     */
    static void routeLogging(PrintStream log) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
        StreamHandler handler =
                new StreamHandler(log, new SimpleFormatter()) {
                    @Override
                    public synchronized void publish(java.util.logging.LogRecord record) {
                        super.publish(record);
                        flush();
                    }
                };
        handler.setLevel(Level.WARNING);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL warns in every first cell when CUDA libraries are installed but no usable GPU is
        // there; the setup notebook reports the device plainly instead.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        // jHDF warns "Writing files is in alpha" whenever the kit writes a Keras weight twin; the
        // kit checks what it writes (weights.KerasH5Writer), so the warning is noise in a lesson.
        setIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
