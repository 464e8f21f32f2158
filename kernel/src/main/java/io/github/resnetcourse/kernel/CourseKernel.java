package io.github.resnetcourse.kernel;

import io.github.resnetcourse.kernel.eval.CellException;
import io.github.resnetcourse.kernel.eval.CellExecutionControl;
import io.github.resnetcourse.kernel.eval.CellValue;
import io.github.resnetcourse.kernel.eval.CodeCompleteness;
import io.github.resnetcourse.kernel.eval.CompletionOptions;
import io.github.resnetcourse.kernel.eval.JShellEvaluator;
import io.github.resnetcourse.kernel.magic.CellParts;
import io.github.resnetcourse.kernel.magic.ClasspathGlobs;
import io.github.resnetcourse.kernel.magic.MagicException;
import io.github.resnetcourse.kernel.magic.MavenResolver;
import io.github.resnetcourse.kernel.output.CellOutput;
import io.github.resnetcourse.kernel.output.KernelDisplaySink;
import io.github.resnetcourse.kernel.output.Rendering;
import io.github.resnetcourse.kernel.runtime.Display;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.reply.InterruptReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The course's Jupyter kernel: Java cells evaluated by an in-process JShell, with the kit on the
 * class path and its packages imported, IJava's display API and magics, buffered output and
 * interrupts that stop a cell without killing the kernel.
 *
 * <p>JShell starts on a background thread while the kernel already answers {@code kernel_info}, so
 * the front end shows the kernel as ready at once; the first cell waits for the start to finish.
 */
public final class CourseKernel extends BaseKernel {
    private static final String IMPLEMENTATION = "resnet-course-kernel";

    private final CellOutput output;
    private final Rendering rendering;
    private final KernelDisplaySink displaySink;
    private final CompletableFuture<CellRunner> runner;
    private final List<String> startupProblems = Collections.synchronizedList(new ArrayList<>());
    private final LanguageInfo languageInfo;

    private CourseKernel(KernelConfig config, PrintStream processOut, PrintStream processErr) {
        setShouldReplaceStdStreams(false); // System.out/err are routed once, by CellOutput
        this.output = new CellOutput(processOut, processErr);
        this.rendering = new Rendering(getRenderer());
        this.displaySink = new KernelDisplaySink(output, rendering, processOut);
        this.languageInfo =
                new LanguageInfo(
                        "java",
                        Runtime.version().toString(),
                        "text/x-java-source",
                        ".jshell",
                        "java",
                        "java",
                        "script");
        this.runner = new CompletableFuture<>();
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                runner.complete(startRunner(config));
                            } catch (Throwable t) {
                                runner.completeExceptionally(t);
                            }
                        },
                        "kernel-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Creates the kernel and routes the JVM's standard streams and the kit's display through it.
     *
     * @param processOut the process's original stdout (the kernel's log between cells)
     * @param processErr the process's original stderr
     */
    public static CourseKernel start(
            KernelConfig config, PrintStream processOut, PrintStream processErr) {
        // Before any cell can load PyTorch: thread counts and the allocator are read only at
        // engine start (docs/performance.md, Training).
        Engines.init();
        CourseKernel kernel = new CourseKernel(config, processOut, processErr);
        System.setOut(kernel.output.stdout());
        System.setErr(kernel.output.stderr());
        System.setIn(InputStream.nullInputStream());
        Notebook.install(kernel.displaySink);
        Display.install(kernel.displaySink);
        return kernel;
    }

    private CellRunner startRunner(KernelConfig config) throws Exception {
        CellExecutionControl control =
                new CellExecutionControl(config.stopGrace(), config.timeout());
        JShellEvaluator evaluator = JShellEvaluator.start(control, config.compilerOptions());
        CellRunner cells =
                new CellRunner(
                        evaluator, new MavenResolver("mvn", MavenResolver.Network.ONLINE, 600));
        if (config.preload() == ImportPreload.KIT_IMPORTS) {
            evaluator.eval(String.join("\n", KitImports.statements()));
        }
        // The first expression JShell compiles costs far more than later ones (javac's classes
        // load and warm up): pay it here, usually before the user runs a cell.
        evaluator.eval("Integer.valueOf(0)");
        for (String entry : config.classpath()) {
            try {
                for (Path p :
                        ClasspathGlobs.expand(entry, ClasspathGlobs.Accept.JARS_AND_FOLDERS)) {
                    evaluator.addToClasspath(p);
                }
            } catch (MagicException e) {
                startupProblems.add("IJAVA_CLASSPATH: " + e.getMessage());
            }
        }
        for (String pattern : config.startupScriptPaths()) {
            try {
                for (Path script :
                        ClasspathGlobs.expand(pattern, ClasspathGlobs.Accept.JARS_AND_FOLDERS)) {
                    runStartup(
                            "IJAVA_STARTUP_SCRIPTS_PATH " + script, () -> cells.runScript(script));
                }
            } catch (MagicException e) {
                startupProblems.add("IJAVA_STARTUP_SCRIPTS_PATH: " + e.getMessage());
            }
        }
        if (!config.startupScript().isBlank()) {
            runStartup("IJAVA_STARTUP_SCRIPT", () -> cells.run(config.startupScript()));
        }
        return cells;
    }

    private interface StartupStep {
        CellValue run() throws CellException;
    }

    private void runStartup(String what, StartupStep step) {
        try {
            step.run();
        } catch (CellException e) {
            startupProblems.add(what + " failed: " + e.errorName() + ": " + e.getMessage());
        }
    }

    private CellRunner runner() {
        try {
            return runner.join();
        } catch (CompletionException e) {
            throw new IllegalStateException(
                    "The kernel could not start JShell: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " (ResNet course kernel, JShell)";
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::handleExecute);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfo);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, this::handleInterrupt);
        connection.setHandler(MessageType.HISTORY_REQUEST, this::handleHistory);
    }

    /**
     * The kernel keeps no history (notebooks hold their own); it answers with an empty one rather
     * than, as the base kernel does, not at all, so a console asking for it does not wait.
     */
    private void handleHistory(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        output.runExclusively(env::setStatusBusy);
        env.reply(new HistoryReply(List.of()));
        output.runExclusively(env::setStatusIdle);
    }

    private void handleKernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        output.runExclusively(env::setStatusBusy);
        env.reply(
                new KernelInfoReplyWithStatus(
                        IMPLEMENTATION,
                        KERNEL_META.getOrDefault("version", "unknown"),
                        languageInfo,
                        getBanner(),
                        getHelpLinks()));
        output.runExclusively(env::setStatusIdle);
    }

    private void handleInterrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        output.runExclusively(env::setStatusBusy);
        interrupt();
        env.reply(new InterruptReply());
        output.runExclusively(env::setStatusIdle);
    }

    /**
     * One {@code execute_request}: busy, the input echo, the cell's streamed output and displays,
     * its result or error, the reply, idle. Written out here rather than inherited so that every
     * IOPub message goes through {@link CellOutput}'s lock and the cell's text is flushed before
     * its result.
     */
    private synchronized void handleExecute(
            ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        int count = silent ? executionCount.get() : executionCount.getAndIncrement();
        output.runExclusively(
                () -> {
                    env.setStatusBusy();
                    if (!silent) {
                        env.publish(new PublishExecuteInput(request.getCode(), count));
                    }
                });
        output.attach(env);
        try {
            CellRunner cells = runner();
            reportStartupProblems();
            CellValue value = cells.run(request.getCode());
            DisplayData result =
                    showsAsResult(value) && !silent ? rendering.render(value.get()) : null;
            output.detach();
            output.runExclusively(
                    () -> {
                        if (result != null) {
                            env.publish(new PublishExecuteResult(count, result));
                        }
                    });
            env.reply(new ExecuteReply(count, Map.of()));
        } catch (CellException e) {
            output.detach();
            fail(env, count, e.errorName(), e.getMessage(), e.traceback());
        } catch (RuntimeException | LinkageError e) {
            output.detach();
            fail(
                    env,
                    count,
                    e.getClass().getName(),
                    String.valueOf(e.getMessage()),
                    JShellEvaluator.trace(e));
        } finally {
            output.runExclusively(env::setStatusIdle);
        }
    }

    /**
     * Whether the cell's value becomes an {@code execute_result}. A kit {@link DisplayHandle} (a
     * cell ending in {@code Notebook.show(chart)}) is not: its output is on screen already, and
     * echoing the handle would only add a line of noise under every chart.
     */
    private static boolean showsAsResult(CellValue value) {
        return value.isPresent() && !(value.get() instanceof DisplayHandle);
    }

    private void fail(
            ShellReplyEnvironment env,
            int count,
            String name,
            String message,
            List<String> traceback) {
        output.runExclusively(() -> env.publish(new PublishError(name, message, traceback)));
        ErrorReply error = new ErrorReply(name, message, traceback);
        error.setExecutionCount(count);
        env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
    }

    private void reportStartupProblems() {
        List<String> problems;
        synchronized (startupProblems) {
            problems = List.copyOf(startupProblems);
            startupProblems.clear();
        }
        problems.forEach(p -> System.err.println("Kernel start: " + p));
    }

    /**
     * Runs {@code code} as a cell and renders its value (null for none). The kernel's own execute
     * handler calls the runner directly; this serves the base kernel's contract.
     */
    @Override
    public DisplayData eval(String code) throws CellException {
        CellValue value = runner().run(code);
        return value.isPresent() ? rendering.render(value.get()) : null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CompletionOptions options = runner().evaluator().complete(code, at);
        return new ReplacementOptions(options.matches(), options.start(), options.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = runner().evaluator().inspect(code, at);
        return doc.isBlank() ? null : new DisplayData(doc);
    }

    @Override
    public String isComplete(String code) {
        StringBuilder javaOnly = new StringBuilder();
        for (CellParts.Part part : CellParts.split(code)) {
            if (!part.isMagic()) {
                javaOnly.append(part.code()).append('\n');
            }
        }
        CodeCompleteness c = runner().evaluator().completeness(javaOnly.toString());
        switch (c) {
            case COMPLETE:
                return IS_COMPLETE_YES;
            case INVALID:
                return IS_COMPLETE_BAD;
            default:
                return ""; // incomplete: continue on a new line without indent
        }
    }

    @Override
    public void interrupt() {
        if (runner.isDone() && !runner.isCompletedExceptionally()) {
            runner.join().interrupt();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        interrupt();
        output.close();
    }
}
