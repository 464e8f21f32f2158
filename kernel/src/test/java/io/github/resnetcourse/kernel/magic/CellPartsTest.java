package io.github.resnetcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPartsTest {
    @Test
    void magicsAndCodeKeepTheirOrder() {
        List<CellParts.Part> parts = CellParts.split("int a = 1;\n%jars lib/*.jar\na + 1");
        assertEquals(3, parts.size());
        assertEquals("int a = 1;", parts.get(0).code());
        assertEquals(new MagicLine("jars", List.of("lib/*.jar")), parts.get(1).magic());
        assertEquals("a + 1", parts.get(2).code());
        assertEquals(3, parts.get(2).firstLine());
    }

    @Test
    void codeIsPaddedToTheLineTheUserSees() {
        CellParts.Part code = CellParts.split("%classpath x\n\nfoo()").get(1);
        assertEquals("\n\nfoo()".lines().count(), CellParts.codeAtCellLines(code).lines().count());
        assertTrue(CellParts.codeAtCellLines(code).endsWith("\nfoo()"));
    }

    @Test
    void quotesGroupArgumentsWithSpaces() {
        MagicLine m = MagicLine.parse("%load \"my scripts/a b.jsh\" 'c d'").orElseThrow();
        assertEquals(List.of("my scripts/a b.jsh", "c d"), m.args());
    }

    @Test
    void moduloAndCellMagicsAreNotLineMagics() {
        assertFalse(MagicLine.parse("% 3").isPresent());
        assertFalse(MagicLine.parse("%%html").isPresent());
        assertFalse(MagicLine.parse("x % y").isPresent());
    }

    @Test
    void unclosedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> MagicLine.parse("%load \"a.jsh"));
    }
}
