package io.github.resnetcourse.kit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheReportAndSucceeds() {
        assertEquals(0, DoctorCommand.run(List.of(), out));
        assertTrue(printed().contains("PyTorch 2.7.1"), printed());
        assertTrue(printed().contains("Datasets"), printed());
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, DoctorCommand.run(List.of("--help"), out));
        assertEquals(DoctorCommand.USAGE, printed());
    }

    @Test
    void unexpectedArgumentIsAUsageError() {
        assertEquals(2, DoctorCommand.run(List.of("--gpu"), out));
        assertTrue(
                printed().startsWith("error: doctor takes no arguments, got [--gpu]"), printed());
    }
}
