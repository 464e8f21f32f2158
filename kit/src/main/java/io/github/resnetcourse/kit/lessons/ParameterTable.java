package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Parameter counts of the same network from several sources, part by part — lesson 06 puts the
 * ResNet50 it builds from blocks next to the kit's and torchvision's — with a check that every row
 * agrees, so a block built wrongly stops the notebook at the row that differs.
 *
 * <pre>{@code
 * var table = ParameterTable.builder()
 *         .setTitle("ResNet50 parameters, 10 classes")
 *         .setSources("from blocks", "kit", "torchvision")
 *         .addRow("layer1", ours.at(4), kit.get("layer1"), 215_808)
 *         .build();
 * table.requireAgreement();
 * table.show();
 * }</pre>
 */
public final class ParameterTable {
    private final String title;
    private final List<String> sources;
    private final List<String> parts;
    private final List<long[]> rows;

    private ParameterTable(Builder b) {
        this.title = b.title;
        this.sources = b.sources;
        this.parts = List.copyOf(b.parts);
        this.rows = List.copyOf(b.rows);
    }

    /** A new builder: {@code setTitle}, {@code setSources}, then one {@code addRow} per part. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Throws unless every source gives the same count in every row.
     *
     * @throws AssertionError naming the first row that differs and each source's count
     */
    public void requireAgreement() {
        for (int r = 0; r < rows.size(); r++) {
            long[] row = rows.get(r);
            if (Arrays.stream(row).distinct().count() > 1) {
                StringBuilder sb = new StringBuilder(title + ", " + parts.get(r) + ": ");
                for (int s = 0; s < row.length; s++) {
                    sb.append(s == 0 ? "" : ", ")
                            .append(sources.get(s))
                            .append(' ')
                            .append(String.format("%,d", row[s]));
                }
                throw new AssertionError(sb.append(" — they should be equal.").toString());
            }
        }
    }

    /** The table: a column of parts and one column of counts per source. */
    public Table table() {
        Table table =
                Table.create(title, StringColumn.create("part", parts.toArray(String[]::new)));
        for (int s = 0; s < sources.size(); s++) {
            final int source = s;
            table.addColumns(
                    LongColumn.create(
                            sources.get(s), rows.stream().mapToLong(row -> row[source]).toArray()));
        }
        return table;
    }

    /** Shows the table as a new cell output. */
    public DisplayHandle show() {
        return Tables.show(table());
    }

    @Override
    public String toString() {
        return Tables.text(table());
    }

    /** Builds a {@link ParameterTable}. */
    public static final class Builder {
        private String title;
        private List<String> sources;
        private final List<String> parts = new ArrayList<>();
        private final List<long[]> rows = new ArrayList<>();

        private Builder() {}

        /** The table's title (required). */
        public Builder setTitle(String title) {
            this.title = title;
            return this;
        }

        /** The sources compared, one column each (required, before the rows; at least one). */
        public Builder setSources(String... sources) {
            if (sources.length == 0) {
                throw new IllegalArgumentException("Name at least one source of counts.");
            }
            this.sources = List.of(sources);
            return this;
        }

        /**
         * One part of the network with a count from each source, in the order of {@link
         * #setSources}.
         *
         * @throws IllegalArgumentException if the number of counts differs from the number of
         *     sources
         */
        public Builder addRow(String part, long... counts) {
            if (sources == null) {
                throw new IllegalStateException("Call setSources(...) before addRow(...).");
            }
            if (counts.length != sources.size()) {
                throw new IllegalArgumentException(
                        "Row '"
                                + part
                                + "' has "
                                + counts.length
                                + " counts but there are "
                                + sources.size()
                                + " sources "
                                + sources);
            }
            parts.add(part);
            rows.add(counts.clone());
            return this;
        }

        /**
         * The table.
         *
         * @throws IllegalStateException if the title, the sources or every row is missing
         */
        public ParameterTable build() {
            if (title == null || sources == null || rows.isEmpty()) {
                throw new IllegalStateException(
                        "A parameter table needs setTitle, setSources and at least one addRow.");
            }
            return new ParameterTable(this);
        }
    }
}
