package io.github.resnetcourse.kernel.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves artifacts and their runtime dependencies from Maven Central for {@code %maven}.
 *
 * <p>It runs the user's own Maven ({@code mvn dependency:build-classpath} on a throw-away POM)
 * rather than embedding a resolver: Maven is already needed to build the course, it honours the
 * user's {@code ~/.m2/settings.xml} (mirrors, proxies) and its local repository, and the kernel
 * stays small. Lessons never need this: the kit is on the class path from the start.
 */
public final class MavenResolver {
    /** Whether Maven may go to the network. */
    public enum Network {
        /** Download what is missing from the local repository. */
        ONLINE,
        /** Use only the local repository ({@code mvn -o}). */
        OFFLINE
    }

    private static final String DEPENDENCY_PLUGIN =
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    private final String mvn;
    private final Network network;
    private final long timeoutSeconds;

    /**
     * Creates a resolver.
     *
     * @param mvn the Maven command ({@code mvn} from the PATH unless given)
     * @param network whether Maven may download
     * @param timeoutSeconds how long one resolution may take
     */
    public MavenResolver(String mvn, Network network, long timeoutSeconds) {
        this.mvn = mvn;
        this.network = network;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The jars of {@code coordinates} and of everything they need at run time.
     *
     * @throws MagicException with Maven's own error and what to check when resolution fails
     * @param cancelled polled while Maven runs; when it turns true Maven is stopped
     * @throws MagicException with Maven's own error and what to check when resolution fails, or
     *     when {@code cancelled} turned true
     */
    public List<Path> resolve(List<MavenCoordinate> coordinates, BooleanSupplier cancelled)
            throws MagicException {
        if (coordinates.isEmpty()) {
            throw new MagicException(
                    "%maven needs at least one coordinate, e.g. %maven com.google.code.gson:gson:2.11.0");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("course-maven-");
            Path pom = work.resolve("pom.xml");
            Path out = work.resolve("classpath.txt");
            Files.writeString(pom, pom(coordinates), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            command.add(mvn);
            command.add("-B");
            command.add("-q");
            if (network == Network.OFFLINE) {
                command.add("-o");
            }
            command.add("-f");
            command.add(pom.toString());
            command.add(DEPENDENCY_PLUGIN + ":build-classpath");
            command.add("-Dmdep.outputFile=" + out);
            command.add("-Dmdep.includeScope=runtime");
            String log = run(command, work, cancelled);
            if (!Files.exists(out)) {
                throw failure(coordinates, log);
            }
            String classpath = Files.readString(out, StandardCharsets.UTF_8).strip();
            List<Path> jars = new ArrayList<>();
            if (!classpath.isEmpty()) {
                for (String entry : classpath.split(java.io.File.pathSeparator)) {
                    jars.add(Path.of(entry));
                }
            }
            return jars;
        } catch (IOException e) {
            throw new MagicException("%maven could not run Maven: " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    private String run(List<String> command, Path work, BooleanSupplier cancelled)
            throws IOException, MagicException {
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(work.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(work.resolve("mvn.log").toFile())
                            .start();
        } catch (IOException e) {
            throw new MagicException(
                    "%maven needs Maven: '"
                            + mvn
                            + "' could not be started ("
                            + e.getMessage()
                            + "). Install it (apt install maven) or run ./course setup.",
                    e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw new MagicException("%maven was interrupted");
                }
                if (System.nanoTime() > deadline) {
                    throw new MagicException(
                            "%maven gave up after " + timeoutSeconds + " s waiting for Maven");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MagicException("%maven was interrupted", e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        return Files.readString(work.resolve("mvn.log"), StandardCharsets.UTF_8);
    }

    private MagicException failure(List<MavenCoordinate> coordinates, String log) {
        String errors =
                log.lines()
                        .filter(l -> l.contains("[ERROR]"))
                        .map(l -> l.replace("[ERROR]", "").strip())
                        .filter(l -> !l.isEmpty() && !l.startsWith("->") && !l.startsWith("Re-run"))
                        .limit(3)
                        .collect(Collectors.joining("\n  "));
        return new MagicException(
                "%maven could not resolve "
                        + coordinates.stream()
                                .map(Object::toString)
                                .collect(Collectors.joining(", "))
                        + ":\n  "
                        + (errors.isEmpty() ? log.strip() : errors)
                        + "\n%maven downloads from Maven Central, so it needs the network (or the"
                        + " artifacts already in ~/.m2/repository). The course's lessons need no"
                        + " %maven: the kit and its dependencies are on the class path already.");
    }

    static String pom(List<MavenCoordinate> coordinates) {
        StringBuilder deps = new StringBuilder();
        for (MavenCoordinate c : coordinates) {
            deps.append("    <dependency>\n")
                    .append("      <groupId>")
                    .append(xml(c.groupId()))
                    .append("</groupId>\n")
                    .append("      <artifactId>")
                    .append(xml(c.artifactId()))
                    .append("</artifactId>\n")
                    .append("      <version>")
                    .append(xml(c.version()))
                    .append("</version>\n")
                    .append("      <type>")
                    .append(xml(c.type()))
                    .append("</type>\n");
            if (!c.classifier().isEmpty()) {
                deps.append("      <classifier>")
                        .append(xml(c.classifier()))
                        .append("</classifier>\n");
            }
            deps.append("    </dependency>\n");
        }
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>io.github.resnetcourse.magic</groupId>\n"
                + "  <artifactId>maven-magic</artifactId>\n"
                + "  <version>1</version>\n"
                + "  <packaging>pom</packaging>\n"
                + "  <dependencies>\n"
                + deps
                + "  </dependencies>\n"
                + "</project>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless.
        }
    }
}
