package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotebookTest {
    private final DisplaySink original = Notebook.sink();

    @AfterEach
    void restore() {
        Notebook.install(original);
    }

    @Test
    void installedSinkReceivesShowsAndUpdates() {
        List<String> seen = new ArrayList<>();
        Notebook.install(
                new DisplaySink() {
                    @Override
                    public String display(MimeBundle bundle) {
                        seen.add("show:" + bundle.data().get(MimeBundle.HTML));
                        return "d1";
                    }

                    @Override
                    public void update(String id, MimeBundle bundle) {
                        seen.add("update:" + id + ":" + bundle.plain());
                    }
                });
        DisplayHandle h = Notebook.show(MimeBundle.html("<b>1</b>", "1"));
        h.update(MimeBundle.text("2"));
        assertEquals(List.of("show:<b>1</b>", "update:d1:2"), seen);
    }

    @Test
    void consoleSinkPrintsPlainTextToStdoutAndAppendsUpdates() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Notebook.install(new ConsoleSink(new PrintStream(buf, true, StandardCharsets.UTF_8)));
        Notebook.show(MimeBundle.html("<i>chart</i>", "a chart")).update(MimeBundle.text("again"));
        assertFalse(Notebook.updatesInPlace());
        assertEquals("a chart\nagain\n", buf.toString(StandardCharsets.UTF_8));
    }
}
