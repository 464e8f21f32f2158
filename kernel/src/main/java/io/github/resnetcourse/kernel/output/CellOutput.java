package io.github.resnetcourse.kernel.output;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything a running cell sends to the front end on the IOPub channel: its stdout and stderr, and
 * its display messages.
 *
 * <p>Two problems shape this class. Publishing one message per {@code println} floods ZeroMQ, which
 * then silently drops messages (even the final idle status), so text is buffered and sent every
 * {@link #FLUSH_INTERVAL_MS} ms and at the end of the cell. And ZeroMQ sockets are not thread-safe,
 * while a cell's thread, the flush timer and the control channel all publish, so every publish goes
 * through one lock. Displays flush pending text first, so output keeps the order the cell wrote it.
 *
 * <p>Between cells (a background thread still printing) text goes to the kernel process's own
 * streams, which Jupyter writes to its log.
 */
public final class CellOutput implements AutoCloseable {
    /** How often buffered text is sent while a cell runs. */
    public static final long FLUSH_INTERVAL_MS = 50;

    /** Text past this size is sent at once rather than waiting for the timer. */
    static final int EAGER_FLUSH_BYTES = 64 * 1024;

    private final Object lock = new Object();
    private final StreamBuffer out;
    private final StreamBuffer err;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ScheduledExecutorService timer;
    private ShellReplyEnvironment env;

    /**
     * Creates the output router.
     *
     * @param processOut where stdout goes while no cell runs
     * @param processErr where stderr goes while no cell runs
     */
    public CellOutput(PrintStream processOut, PrintStream processErr) {
        this.out = new StreamBuffer(this, PublishStream.StreamType.OUT, processOut);
        this.err = new StreamBuffer(this, PublishStream.StreamType.ERR, processErr);
        this.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "cell-output-flush");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                this::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** The stream installed as {@code System.out}. */
    public PrintStream stdout() {
        return stdout;
    }

    /** The stream installed as {@code System.err}. */
    public PrintStream stderr() {
        return stderr;
    }

    /** Routes output to the cell answering {@code cellEnv} until {@link #detach}. */
    public void attach(ShellReplyEnvironment cellEnv) {
        synchronized (lock) {
            flushLocked();
            this.env = cellEnv;
        }
    }

    /** Sends what is pending to the cell and stops routing to it. */
    public void detach() {
        stdout.flush();
        stderr.flush();
        synchronized (lock) {
            flushLocked();
            this.env = null;
        }
    }

    /** Whether a cell is attached (displays then reach the front end). */
    public boolean isAttached() {
        synchronized (lock) {
            return env != null;
        }
    }

    /**
     * Publishes {@code content} to the attached cell after its pending text.
     *
     * @return false when no cell is attached and nothing was sent
     */
    public <T extends ContentType<T>> boolean publish(T content) {
        stdout.flush();
        stderr.flush();
        synchronized (lock) {
            flushLocked();
            if (env == null) {
                return false;
            }
            env.publish(content);
            return true;
        }
    }

    /**
     * Runs {@code action} holding the publish lock, for a message sent on another channel's
     * environment (the control channel's status messages share the IOPub socket).
     */
    public void runExclusively(Runnable action) {
        synchronized (lock) {
            action.run();
        }
    }

    /** Sends pending text now. */
    public void flush() {
        synchronized (lock) {
            flushLocked();
        }
    }

    Object lock() {
        return lock;
    }

    /** Called by a buffer holding the lock. */
    void send(PublishStream.StreamType type, String text, PrintStream fallback) {
        if (env != null) {
            env.publish(new PublishStream(type, text));
        } else {
            fallback.print(text);
            fallback.flush();
        }
    }

    private void flushLocked() {
        out.drainLocked();
        err.drainLocked();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        detach();
    }
}
