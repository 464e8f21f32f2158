package io.github.resnetcourse.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamBufferTest {
    @Test
    void aCharacterSplitAcrossWritesIsHeldUntilWhole() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes
        assertEquals(0, StreamBuffer.completeUtf8Prefix(new byte[] {euro[0], euro[1]}));
        assertEquals(3, StreamBuffer.completeUtf8Prefix(euro));
        assertEquals(1, StreamBuffer.completeUtf8Prefix(new byte[] {'a', euro[0]}));
    }

    @Test
    void textWrittenBetweenCellsGoesToTheProcessStream() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        try (CellOutput output = new CellOutput(logStream, logStream)) {
            output.stdout().print("a€");
            output.stdout().println("b");
            output.flush();
            assertEquals("a€b" + System.lineSeparator(), log.toString(StandardCharsets.UTF_8));
        }
    }
}
