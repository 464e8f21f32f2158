package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.examples.ChartExamples;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every chart example as notebook cells and saves the outputs as {@code
 * out/charts/gallery.ipynb}; {@code tests/charts/run} exports that notebook with nbconvert and
 * checks in headless Chromium that every chart draws with its axis titles.
 */
class ChartGalleryTest {
    private final DisplaySink original = Notebook.sink();

    @AfterEach
    void restore() {
        Notebook.install(original);
        PlotlyLibrary.reset();
    }

    @Test
    void everyExampleCellShowsOneChartWithAStaticSvgAndOnlyTablesawCarriesPlotly()
            throws Exception {
        RecordingNotebook nb = new RecordingNotebook();
        Notebook.install(nb);
        PlotlyLibrary.reset();
        // RecordingNotebook writes JSON MIME types as JSON, as the course kernel does.
        nb.cell("ChartExamples.setupCheck();");
        ChartExamples.setupCheck();
        nb.cell("ChartExamples.pretrainedVersusRandom();");
        ChartExamples.pretrainedVersusRandom();
        nb.cell("ChartExamples.iterationLoss();");
        ChartExamples.iterationLoss();
        nb.cell("ChartExamples.epochCurves();");
        ChartExamples.epochCurves();
        nb.cell("ChartExamples.resnetVersusAlexNet();");
        ChartExamples.resnetVersusAlexNet();
        nb.cell("ChartExamples.learningRate();");
        ChartExamples.learningRate();
        nb.cell("ChartExamples.dashboard();");
        ChartExamples.dashboard();
        nb.cell("ChartExamples.confusionMatrix();");
        ChartExamples.confusionMatrix();
        nb.cell("ChartExamples.residualRatios();");
        ChartExamples.residualRatios();
        nb.cell("ChartExamples.featureMaps();");
        ChartExamples.featureMaps();
        nb.cell("ChartExamples.predictionGrid(manager);");
        ImageGrid grid;
        try (NDManager manager = NDManager.newBaseManager()) {
            grid = ChartExamples.predictionGrid(manager);
        }
        nb.cell("ChartExamples.tablesawFigure();");
        ChartExamples.tablesawFigure();
        nb.cell("ChartExamples.liveMonitor(5);");
        ChartExamples.liveMonitor(5);

        List<MimeBundle> shown = nb.shown();
        // 13 charts (the live monitor's 5 updates replaced one output) + 1 image grid + the
        // carrier of plotly.js that the tablesaw figure, drawn by the kit's HTML, needs
        assertEquals(15, shown.size());
        int carrier = -1;
        for (int i = 0; i < shown.size(); i++) {
            MimeBundle b = shown.get(i);
            if (b.data()
                    .getOrDefault(MimeBundle.HTML, "")
                    .contains("__resnetcoursePlotlyLoading")) {
                assertEquals(-1, carrier, "plotly.js is carried at most once");
                carrier = i;
            } else if (b.data().containsKey(MimeBundle.PNG)) {
                assertTrue(b.plain().startsWith("[image grid] 8 images"), b.plain());
            } else if (!b.plain().contains("tablesaw")) {
                assertTrue(b.data().containsKey(Plotly.MIME_TYPE), b.plain());
                assertTrue(b.data().get(MimeBundle.SVG).startsWith("<svg"), b.plain());
                assertTrue(!b.data().containsKey(MimeBundle.HTML), b.plain());
                int size = b.data().values().stream().mapToInt(String::length).sum();
                assertTrue(size < 200_000, b.plain() + ": " + size);
            }
        }
        assertTrue(
                shown.get(carrier + 1).plain().contains("tablesaw"),
                "only the tablesaw figure needs the kit's plotly.js");
        assertTrue(shown.get(shown.size() - 1).plain().contains("epoch 5"));

        Path out = Paths.get(System.getProperty("course.home", ".")).resolve("out/charts");
        nb.write(out.resolve("gallery.ipynb"));
        Files.write(out.resolve("image-grid.png"), grid.png());
        assertTrue(Files.exists(out.resolve("gallery.ipynb")));
    }
}
