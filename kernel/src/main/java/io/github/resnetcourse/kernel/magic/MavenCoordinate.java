package io.github.resnetcourse.kernel.magic;

/**
 * An artifact named as {@code %maven} takes it (IJava's form): {@code group:artifact:version},
 * {@code group:artifact:type:version} or {@code group:artifact:type:classifier:version}.
 *
 * @param groupId the group
 * @param artifactId the artifact
 * @param type the packaging, {@code jar} unless given
 * @param classifier the classifier, empty unless given
 * @param version the version
 */
public record MavenCoordinate(
        String groupId, String artifactId, String type, String classifier, String version) {

    /**
     * Parses {@code text}.
     *
     * @throws MagicException naming the accepted forms when {@code text} is not one of them
     */
    public static MavenCoordinate parse(String text) throws MagicException {
        String[] p = text.split(":", -1);
        for (String part : p) {
            if (part.isBlank()) {
                throw badCoordinate(text);
            }
        }
        switch (p.length) {
            case 3:
                return new MavenCoordinate(p[0], p[1], "jar", "", p[2]);
            case 4:
                return new MavenCoordinate(p[0], p[1], p[2], "", p[3]);
            case 5:
                return new MavenCoordinate(p[0], p[1], p[2], p[3], p[4]);
            default:
                throw badCoordinate(text);
        }
    }

    private static MagicException badCoordinate(String text) {
        return new MagicException(
                "'"
                        + text
                        + "' is not a Maven coordinate: write group:artifact:version,"
                        + " e.g. %maven com.google.code.gson:gson:2.11.0");
    }

    @Override
    public String toString() {
        return groupId
                + ":"
                + artifactId
                + (type.equals("jar") && classifier.isEmpty() ? "" : ":" + type)
                + (classifier.isEmpty() ? "" : ":" + classifier)
                + ":"
                + version;
    }
}
