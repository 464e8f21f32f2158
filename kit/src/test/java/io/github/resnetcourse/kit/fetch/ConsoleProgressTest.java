package io.github.resnetcourse.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static String run(long total, long... reads) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ConsoleProgress p =
                new ConsoleProgress(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        p.start("file.bin", 0, total);
        long done = 0;
        for (long r : reads) {
            done += r;
            p.update(done, total);
        }
        p.finish(total);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static long percentLines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> l.contains("%")).count();
    }

    @Test
    void unevenReadsStillEndAtOneHundredPercentPrintedOnce() {
        // 1,000 bytes in reads of 97 and a last short one: the tenths fall between reads, and
        // the last tenth-report lands at 97 % (this printed 98 % and stopped before the fix).
        long[] reads = new long[11];
        Arrays.fill(reads, 0, 10, 97);
        reads[10] = 30;
        String out = run(1_000, reads);
        assertTrue(out.contains("100%"), out);
        assertEquals(1, out.split("100%", -1).length - 1, out);
        assertTrue(out.trim().endsWith("verified."), out);
    }

    @Test
    void oneLinePerTenthOfTheFileWhateverTheReadSize() {
        long[] reads = new long[100];
        Arrays.fill(reads, 10);
        assertEquals(10, percentLines(run(1_000, reads)));
        long[] bigReads = {250, 250, 250, 250};
        assertEquals(4, percentLines(run(1_000, bigReads)));
    }
}
