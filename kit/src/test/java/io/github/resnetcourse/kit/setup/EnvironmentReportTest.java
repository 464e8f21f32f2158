package io.github.resnetcourse.kit.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.setup.EnvironmentReport.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentReportTest {
    private final EnvironmentReport report =
            new EnvironmentReport(
                    List.of(
                            new EnvironmentReport.Section(
                                    "Engine",
                                    List.of(
                                            Check.ok("Engine", "PyTorch 2.7.1"),
                                            Check.failed(
                                                    "Cache", "<unwritable>", "chmod u+w .course"))),
                            new EnvironmentReport.Section(
                                    "Datasets",
                                    List.of(
                                            Check.missing(
                                                    "CIFAR-10",
                                                    "missing",
                                                    "./course data fetch cifar10")))));

    @Test
    void textAlignsValuesAndIndentsHints() {
        assertEquals(
                "Engine\n"
                        + "  ✓ Engine    PyTorch 2.7.1\n"
                        + "  ✗ Cache     <unwritable>\n"
                        + "              → chmod u+w .course\n"
                        + "Datasets\n"
                        + "  ○ CIFAR-10  missing\n"
                        + "              → ./course data fetch cifar10\n",
                report.toText());
    }

    @Test
    void htmlEscapesValuesAndMarksStatus() {
        String html = report.toHtml();
        assertTrue(html.contains("&lt;unwritable&gt;"), html);
        assertFalse(html.contains("<unwritable>"), html);
        assertTrue(html.contains("data-status=\"missing\""), html);
        assertTrue(html.contains("<code>./course data fetch cifar10</code>"), html);
    }

    @Test
    void bundleCarriesHtmlAndPlainText() {
        MimeBundle bundle = report.toBundle();
        assertEquals(report.toHtml(), bundle.data().get(MimeBundle.HTML));
        assertEquals(report.toText(), bundle.plain());
    }

    @Test
    void failuresAreNotMissingItems() {
        assertTrue(report.hasFailures());
        assertEquals(1, report.checks(Check.Status.MISSING).size());
        EnvironmentReport onlyMissing = new EnvironmentReport(List.of(report.sections().get(1)));
        assertFalse(onlyMissing.hasFailures());
    }

    @Test
    void unknownSectionNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> report.section("GPU"));
        assertEquals(
                "no section 'GPU' in this report; sections: [Engine, Datasets]", e.getMessage());
    }
}
