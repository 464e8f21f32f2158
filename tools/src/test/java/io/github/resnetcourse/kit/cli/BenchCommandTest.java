package io.github.resnetcourse.kit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void helpListsTheCasesAndRuntimes() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            BenchCommand.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: ./course bench"), help);
        assertTrue(help.contains("32-full,32-frozen,224-full,224-frozen"), help);
        assertTrue(help.contains("kit,torch-debian,torch-modern"), help);
    }

    @Test
    void badOptionsNameTheValueAndTheFix() {
        var unknownCase =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchCommand.main(new String[] {"--cases", "64-full"}));
        assertEquals(
                "Unknown case '64-full': use 32-full, 32-frozen, 224-full or 224-frozen.",
                unknownCase.getMessage());
        var badRepeats =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchCommand.main(new String[] {"--repeats", "0"}));
        assertEquals("--repeats needs a positive integer, got '0'", badRepeats.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchCommand.main(new String[] {"--runtimes", "tensorflow"}));
    }
}
