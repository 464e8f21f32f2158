package io.github.resnetcourse.kernel.eval;

import java.util.concurrent.CountDownLatch;

/**
 * Lets a test wait until a cell's code is really running: snippets see the application's classes,
 * so cell code can count this latch down.
 */
public final class CellSignals {
    /** Counted down by the cell under test once it runs. */
    public static volatile CountDownLatch started = new CountDownLatch(1);

    private CellSignals() {}
}
