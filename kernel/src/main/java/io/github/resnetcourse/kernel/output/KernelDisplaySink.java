package io.github.resnetcourse.kernel.output;

import io.github.resnetcourse.kernel.runtime.DisplayBackend;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import java.io.PrintStream;
import java.util.UUID;

/**
 * Sends displays to the front end: the kit's {@code Notebook.show} (as a {@link DisplaySink}) and
 * the notebook's {@code display(...)} (as a {@link DisplayBackend}) both end here, as {@code
 * display_data} and {@code update_display_data} messages carrying a display id.
 *
 * <p>A display from a thread that outlives its cell has no cell to go to; its plain text is written
 * to the kernel's log instead of being lost silently.
 */
public final class KernelDisplaySink implements DisplaySink, DisplayBackend {
    private final CellOutput output;
    private final Rendering rendering;
    private final PrintStream log;

    /**
     * Creates the sink.
     *
     * @param output the route to the running cell
     * @param rendering how values become display data
     * @param log where displays go when no cell runs
     */
    public KernelDisplaySink(CellOutput output, Rendering rendering, PrintStream log) {
        this.output = output;
        this.rendering = rendering;
        this.log = log;
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        display(id, Rendering.fromBundle(bundle));
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        update(id, Rendering.fromBundle(bundle));
    }

    @Override
    public DisplayData render(Object value, String... mimeTypes) {
        return rendering.render(value, mimeTypes);
    }

    @Override
    public void display(String id, DisplayData data) {
        DisplayData shown = new DisplayData(data);
        shown.setDisplayId(id);
        if (!output.publish(new PublishDisplayData(shown))) {
            logOutsideCell(shown);
        }
    }

    @Override
    public void update(String id, DisplayData data) {
        DisplayData shown = new DisplayData(data);
        shown.setDisplayId(id);
        if (!output.publish(new PublishUpdateDisplayData(shown))) {
            logOutsideCell(shown);
        }
    }

    private void logOutsideCell(DisplayData data) {
        Object text =
                data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        log.println("[display outside a cell] " + (text == null ? "" : text));
    }
}
