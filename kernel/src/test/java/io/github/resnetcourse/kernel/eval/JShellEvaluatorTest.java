package io.github.resnetcourse.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void startShell() {
        evaluator =
                JShellEvaluator.start(
                        new CellExecutionControl(Duration.ofMillis(500), Duration.ZERO), List.of());
    }

    @AfterAll
    static void closeShell() {
        evaluator.close();
    }

    private static CellValue run(String code) throws CellException {
        evaluator.beginCell();
        return evaluator.eval(code);
    }

    @Test
    void lastExpressionComesBackAsTheRealObject() throws Exception {
        CellValue value = run("var sb = new StringBuilder(\"ab\");\nsb.append('c')");
        assertTrue(value.isPresent());
        StringBuilder sb = assertInstanceOf(StringBuilder.class, value.get());
        assertEquals("abc", sb.toString());
    }

    @Test
    void kitClassesAreVisibleWithoutMagic() throws Exception {
        CellValue value;
        try {
            value = run("io.github.resnetcourse.kit.notebook.MimeBundle.text(\"t\")");
        } catch (CellException e) {
            throw new AssertionError(String.join("\n", e.traceback()), e);
        }
        assertEquals(
                "io.github.resnetcourse.kit.notebook.MimeBundle", value.get().getClass().getName());
    }

    @Test
    void cellEndingInAStatementHasNoValue() throws Exception {
        assertFalse(run("int unused = 3;").isPresent());
        assertFalse(run("System.out.print(\"\");").isPresent());
    }

    @Test
    void nullIsAValue() throws Exception {
        CellValue value = run("Object nothing = null;\nnothing");
        assertTrue(value.isPresent());
        assertNull(value.get());
    }

    @Test
    void compileErrorNamesTheCellLineAndMarksTheColumn() {
        CellException e =
                assertThrows(CellException.class, () -> run("int a = 1;\nint b = missing + a;"));
        assertEquals("CompilationException", e.errorName());
        assertTrue(e.traceback().get(0).startsWith("Line 2: "), e.traceback().toString());
        assertEquals("    int b = missing + a;", e.traceback().get(1));
        assertEquals("            ^", e.traceback().get(2));
    }

    @Test
    void runtimeExceptionKeepsItsClassAndStopsTheCell() throws Exception {
        CellException e =
                assertThrows(
                        CellException.class,
                        () -> run("int reached = 0;\nInteger.parseInt(\"x\");\nreached = 1;"));
        assertEquals("java.lang.NumberFormatException", e.errorName());
        assertEquals(0, run("reached").get());
        assertTrue(
                e.traceback().stream().noneMatch(l -> l.contains("CellExecutionControl")),
                "kernel frames are cut from the trace");
    }

    @Test
    void interruptEndsASleepingCellAndLaterCellsRun() throws Exception {
        CellException e = runInterruptedAfter(300, STARTED + "Thread.sleep(60_000);");
        assertEquals("Interrupted", e.errorName());
        assertEquals(2, run("1 + 1").get());
    }

    @Test
    void interruptKillsABusyLoopAfterTheGracePeriod() throws Exception {
        long start = System.nanoTime();
        CellException e = runInterruptedAfter(300, STARTED + "long n = 0;\nwhile (true) { n++; }");
        assertEquals("Interrupted", e.errorName());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertEquals("ok", run("\"ok\"").get());
    }

    private static final String STARTED =
            "io.github.resnetcourse.kernel.eval.CellSignals.started.countDown();\n";

    /**
     * Runs {@code code} (which counts CellSignals down) and interrupts it once it has run a while.
     */
    private static CellException runInterruptedAfter(long millis, String code) throws Exception {
        CellSignals.started = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread cell =
                new Thread(
                        () -> {
                            try {
                                run(code);
                            } catch (Throwable t) {
                                thrown.set(t);
                            }
                        });
        cell.start();
        assertTrue(
                CellSignals.started.await(60, java.util.concurrent.TimeUnit.SECONDS), "cell ran");
        Thread.sleep(millis);
        evaluator.interrupt();
        cell.join(20_000);
        assertFalse(cell.isAlive(), "the cell stopped");
        return assertInstanceOf(CellException.class, thrown.get());
    }

    @Test
    void completionOffersMembersAndReplacesTheTypedPrefix() {
        String code = "int k = 1;\nMath.ma";
        CompletionOptions options = evaluator.complete(code, code.length());
        assertTrue(options.matches().contains("max("), options.matches().toString());
        assertEquals(code.length() - 2, options.start());
        assertEquals(code.length(), options.end());
    }

    @Test
    void completenessTellsCompleteIncompleteAndInvalid() {
        assertEquals(CodeCompleteness.COMPLETE, evaluator.completeness("int q = 1;\nq + 1"));
        assertEquals(
                CodeCompleteness.INCOMPLETE,
                evaluator.completeness("for (int i = 0; i < 2; i++) {"));
        assertEquals(CodeCompleteness.INVALID, evaluator.completeness("}"));
    }

    @Test
    void inspectionShowsTheSignature() {
        String doc = evaluator.inspect("Math.max", 6);
        assertTrue(doc.contains("max(int"), doc);
    }
}
