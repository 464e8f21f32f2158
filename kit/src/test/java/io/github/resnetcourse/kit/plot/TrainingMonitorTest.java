package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import com.google.gson.JsonArray;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.train.Learner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live monitor redraws one chart in place while a real learner trains. */
class TrainingMonitorTest {
    private final DisplaySink before = Notebook.sink();

    @AfterEach
    void restore() {
        Notebook.install(before);
    }

    /** Keeps the latest bundle per display and counts the updates. */
    private static final class CountingSink implements DisplaySink {
        final Map<String, MimeBundle> shown = new LinkedHashMap<>();
        final List<String> updates = new ArrayList<>();
        private int ids;

        @Override
        public String display(MimeBundle bundle) {
            String id = "d" + (++ids);
            shown.put(id, bundle);
            return id;
        }

        @Override
        public void update(String id, MimeBundle bundle) {
            shown.put(id, bundle);
            updates.add(id);
        }
    }

    @Test
    void aLiveMonitorRedrawsEveryFewBatchesAndAfterEachEpoch() {
        CountingSink sink = new CountingSink();
        Notebook.install(sink);
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 60;
            float[] x = new float[n * 4];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
                x[i * 4] = y[i] * 2 - 1;
            }
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.create(x, new Shape(n, 4)))
                            .optLabels(manager.create(y, new Shape(n)))
                            .setSampling(10, false)
                            .build();
            SequentialBlock net =
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(8).build())
                            .add(Activation::relu)
                            .add(Linear.builder().setUnits(2).build());
            try (Learner learner =
                    Learner.builder()
                            .setModel(net)
                            .setData(data, data)
                            .optNoProgress()
                            .optCallbacks(TrainingMonitor.everyBatches(2))
                            .build()) {
                learner.fit(2);
            }
        }
        // 6 batches an epoch: redraws after batches 2, 4, 6 and after the epoch, twice over.
        List<MimeBundle> charts =
                sink.shown.values().stream()
                        .filter(b -> b.plain().startsWith("[chart] Training monitor"))
                        .toList();
        assertEquals(1, charts.size(), "one chart, redrawn in place: " + sink.shown.values());
        String chartId =
                sink.shown.entrySet().stream()
                        .filter(e -> e.getValue() == charts.get(0))
                        .findFirst()
                        .orElseThrow()
                        .getKey();
        assertEquals(7, sink.updates.stream().filter(chartId::equals).count(), "8 draws");
        assertTrue(
                charts.get(0).plain().startsWith("[chart] Training monitor (epoch 2, batch 6)"),
                charts.get(0).plain());
    }

    @Test
    void batchesSitAtTheirFractionOfTheEpoch() {
        io.github.resnetcourse.kit.train.History h = new io.github.resnetcourse.kit.train.History();
        long it = 0;
        for (int b = 1; b <= 4; b++) {
            h.afterBatch(
                    null,
                    new io.github.resnetcourse.kit.train.BatchRecord(++it, 1, b, 1.0, 5, 10, 1e-3));
        }
        JsonArray xs =
                LiveMonitorChart.of(h, 8)
                        .toJson()
                        .getAsJsonArray("data")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonArray("x");
        assertEquals(0.125, xs.get(0).getAsDouble(), 1e-12);
        assertEquals(0.5, xs.get(3).getAsDouble(), 1e-12, "batch 4 of 8 is half an epoch");
        JsonArray accuracy =
                LiveMonitorChart.of(h, 8)
                        .toJson()
                        .getAsJsonArray("data")
                        .get(1)
                        .getAsJsonObject()
                        .getAsJsonArray("y");
        assertEquals(50.0, accuracy.get(3).getAsDouble(), 1e-6, "5 of 10 right: 50 %");
    }
}
