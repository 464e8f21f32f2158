package io.github.resnetcourse.kit.setup;

import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Doctor} found, in sections of {@link Check}s (one line each): printed by {@code
 * ./course doctor} and shown as a table by {@code notebooks/00-setup.ipynb}. Immutable.
 */
public final class EnvironmentReport {

    /**
     * A titled group of checks ("Java", "Engine", "Datasets").
     *
     * @param title the heading
     * @param checks the lines under it
     */
    public record Section(String title, List<Check> checks) {
        /** Copies the checks. */
        public Section {
            Objects.requireNonNull(title, "title");
            checks = List.copyOf(checks);
        }
    }

    /**
     * One line of an {@link EnvironmentReport}: what was looked at, what was found, and what to do
     * when it is not right.
     *
     * @param label what was checked ("Java", "ResNet18 weights")
     * @param value what was found ("17.0.15 (Debian)", "missing")
     * @param status how it went
     * @param hint what to do about it (a command to run), or empty
     */
    public record Check(String label, String value, Status status, String hint) {

        /** How a check went. */
        public enum Status {
            /** Present and working. */
            OK,
            /** Worth knowing, nothing to do (a setting, a folder). */
            INFO,
            /** Not there yet; the lessons that need it say so, and the hint fetches it. */
            MISSING,
            /** Broken: the course cannot run until the hint is followed. */
            FAILED;

            /** A one-character marker for consoles. */
            String marker() {
                return switch (this) {
                    case OK -> "✓";
                    case INFO -> "·";
                    case MISSING -> "○";
                    case FAILED -> "✗";
                };
            }
        }

        /** Validates the parts; a missing hint becomes empty. */
        public Check {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(status, "status");
            hint = hint == null ? "" : hint;
        }

        /** A check that passed. */
        public static Check ok(String label, String value) {
            return new Check(label, value, Status.OK, "");
        }

        /** A fact with nothing to do. */
        public static Check info(String label, String value) {
            return new Check(label, value, Status.INFO, "");
        }

        /** Something not present yet, with the command that gets it. */
        public static Check missing(String label, String value, String hint) {
            return new Check(label, value, Status.MISSING, hint);
        }

        /** Something broken, with the fix. */
        public static Check failed(String label, String value, String hint) {
            return new Check(label, value, Status.FAILED, hint);
        }
    }

    private final List<Section> sections;

    /** A report of {@code sections}, in order. */
    public EnvironmentReport(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    /** The sections, in order. */
    public List<Section> sections() {
        return sections;
    }

    /** The section titled {@code title}. */
    public Section section(String title) {
        return sections.stream()
                .filter(s -> s.title().equals(title))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no section '"
                                                + title
                                                + "' in this report; sections: "
                                                + sections.stream().map(Section::title).toList()));
    }

    /** Every check with status {@code status}. */
    public List<Check> checks(Check.Status status) {
        return sections.stream()
                .flatMap(s -> s.checks().stream())
                .filter(c -> c.status() == status)
                .toList();
    }

    /** Whether something is broken (not merely missing): the course cannot run as it is. */
    public boolean hasFailures() {
        return !checks(Check.Status.FAILED).isEmpty();
    }

    /** The report as aligned plain text, one check per line, hints indented under them. */
    public String toText() {
        int width =
                sections.stream()
                        .flatMap(s -> s.checks().stream())
                        .mapToInt(c -> c.label().length())
                        .max()
                        .orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            sb.append(s.title()).append('\n');
            for (Check c : s.checks()) {
                sb.append("  ")
                        .append(c.status().marker())
                        .append(' ')
                        .append(pad(c.label(), width))
                        .append("  ")
                        .append(c.value())
                        .append('\n');
                if (!c.hint().isEmpty()) {
                    sb.append("  ").append(" ".repeat(width + 4)).append("→ ").append(c.hint());
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The report as an HTML table, one row per check; hints shown as code. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"course-doctor\" style=\"border-collapse:collapse\">\n");
        for (Section s : sections) {
            sb.append("<tr><th colspan=\"3\" style=\"text-align:left;padding-top:0.6em\">")
                    .append(escape(s.title()))
                    .append("</th></tr>\n");
            for (Check c : s.checks()) {
                sb.append("<tr data-status=\"")
                        .append(c.status().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\"><td style=\"color:")
                        .append(colour(c.status()))
                        .append("\">")
                        .append(c.status().marker())
                        .append("</td><td style=\"text-align:left\">")
                        .append(escape(c.label()))
                        .append("</td><td style=\"text-align:left\">")
                        .append(escape(c.value()));
                if (!c.hint().isEmpty()) {
                    sb.append("<br><code>").append(escape(c.hint())).append("</code>");
                }
                sb.append("</td></tr>\n");
            }
        }
        return sb.append("</table>").toString();
    }

    /** HTML for notebooks, plain text for consoles and the text export. */
    public MimeBundle toBundle() {
        return MimeBundle.html(toHtml(), toText());
    }

    /** Shows the report as a table in the notebook (plain text on a console). */
    public void show() {
        Notebook.show(toBundle());
    }

    @Override
    public String toString() {
        return toText();
    }

    private static String colour(Check.Status status) {
        return switch (status) {
            case OK -> "#2e7d32";
            case INFO -> "#616161";
            case MISSING -> "#ef6c00";
            case FAILED -> "#c62828";
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
