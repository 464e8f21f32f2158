package io.github.resnetcourse.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets inside the kernel's own JVM and keeps their results as real objects.
 *
 * <p>JShell's stock {@code LocalExecutionControl} turns every result into a string; deriving from
 * {@link DirectExecutionControl} lets the kernel render a cell's value (a chart, a {@code
 * MimeBundle}) rather than its {@code toString()}. Each snippet runs on its own thread so that
 * {@link #interrupt} can stop it without touching the thread that talks to Jupyter: first {@link
 * Thread#interrupt()}, which ends sleeps, waits and any loop that checks for interruption (the
 * kit's training loop checks at every batch), then, after a grace period, {@code Thread.stop()} for
 * a busy loop that never checks. {@code Thread.stop()} works on JDK 17 and throws on JDK 20 and
 * later, where such a loop cannot be stopped at all.
 */
public final class CellExecutionControl extends DirectExecutionControl {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Duration stopGrace;
    private final Duration timeout;
    private final Object runLock = new Object();
    private Thread running;
    private boolean stopRequested;
    private Object lastValue;
    private Throwable lastFailure;

    /**
     * Creates the control.
     *
     * @param stopGrace how long an interrupted snippet may take to stop before it is killed
     * @param timeout how long a snippet may run before it is interrupted; zero or negative for no
     *     limit (IJava's {@code IJAVA_TIMEOUT})
     */
    public CellExecutionControl(Duration stopGrace, Duration timeout) {
        this.stopGrace = stopGrace;
        this.timeout = timeout;
    }

    /** A provider handing JShell this instance. */
    public ExecutionControlProvider provider() {
        CellExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "course-direct";
            }

            @Override
            public ExecutionControl generate(
                    ExecutionEnv env, java.util.Map<String, String> parameters) {
                return self;
            }
        };
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                value.set(doitMethod.invoke(null));
                            } catch (InvocationTargetException e) {
                                failure.set(e.getCause());
                            } catch (Throwable t) {
                                failure.set(t);
                            }
                        },
                        "cell-" + THREADS.incrementAndGet());
        // Libraries that look up services or resources through the context loader must see
        // classes added by %maven / %jars, which live in JShell's loader.
        worker.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        synchronized (runLock) {
            lastValue = null;
            lastFailure = null;
            if (stopRequested) {
                // Interrupted while the snippet was still compiling: do not start it.
                throw new StoppedException();
            }
            running = worker;
            // Started under the lock: interrupt() must never see a thread that has not started,
            // since interrupting an unstarted thread has no effect.
            worker.start();
        }
        try {
            awaitOrTimeout(worker);
        } finally {
            synchronized (runLock) {
                running = null;
            }
        }
        synchronized (runLock) {
            if (stopRequested) {
                throw new StoppedException();
            }
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            synchronized (runLock) {
                lastFailure = thrown;
            }
            throw new InvocationTargetException(thrown);
        }
        Object result = value.get();
        synchronized (runLock) {
            lastValue = result;
        }
        return valueString(result);
    }

    private void awaitOrTimeout(Thread worker) throws InterruptedException {
        if (timeout.isZero() || timeout.isNegative()) {
            worker.join();
            return;
        }
        worker.join(timeout.toMillis());
        if (worker.isAlive()) {
            interrupt();
            worker.join();
        }
    }

    /**
     * Stops the running snippet, if any: interrupts it, and kills it if it is still running after
     * the grace period; when none runs, the next snippet of the cell does not start. Returns at
     * once; the snippet's {@code invoke} then ends with a {@link StoppedException}.
     */
    public void interrupt() {
        Thread target;
        synchronized (runLock) {
            stopRequested = true;
            target = running;
        }
        if (target == null) {
            return; // the next snippet of this cell will not start
        }
        target.interrupt();
        Thread killer =
                new Thread(
                        () -> {
                            try {
                                target.join(stopGrace.toMillis());
                                if (target.isAlive()) {
                                    kill(target);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "cell-stopper");
        killer.setDaemon(true);
        killer.start();
    }

    @SuppressWarnings({"removal", "deprecation"})
    private static void kill(Thread target) {
        try {
            target.stop();
        } catch (UnsupportedOperationException e) {
            // JDK 20+: a loop that never checks for interruption cannot be stopped.
            System.err.println(
                    "The cell ignores interruption and this JDK cannot force it to stop;"
                            + " restart the kernel.");
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    /** Whether the last cell was stopped; clears the flag. */
    public boolean takeStopRequested() {
        synchronized (runLock) {
            boolean was = stopRequested;
            stopRequested = false;
            return was;
        }
    }

    /** The real object the last snippet returned (null for none or for {@code null}). */
    public Object lastValue() {
        synchronized (runLock) {
            return lastValue;
        }
    }

    /** The real exception the last snippet threw, or null. */
    public Throwable lastFailure() {
        synchronized (runLock) {
            return lastFailure;
        }
    }
}
