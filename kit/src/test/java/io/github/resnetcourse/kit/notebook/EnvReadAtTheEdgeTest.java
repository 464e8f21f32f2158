package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The run mode, folders and seed are read from the process at the edge only: the lesson-facing
 * facades and the command-line entry points call {@link Env#current()}; everything beneath takes
 * its configuration handed in ({@code data.DataSettings}, {@code weights.WeightsLocation}, {@code
 * train.RunSettings}). This test reads the compiled kit classes' constant pools, so a new call — a
 * method reference included — anywhere else fails here, naming the class.
 */
class EnvReadAtTheEdgeTest {
    private static final String ENV = "io/github/resnetcourse/kit/notebook/Env";

    /**
     * Binary class names allowed to call {@code Env.current()}, each with why it is an edge. A new
     * entry needs the same kind of reason; an internal class takes a settings value instead.
     */
    private static final Set<String> EDGES =
            Set.of(
                    // The environment itself: Env.forLesson(id), a notebook's first cell, is
                    // Env.current() with the lesson recorded.
                    "io.github.resnetcourse.kit.notebook.Env",
                    // Notebook facades: the no-argument forms delegate to the Env/settings forms.
                    "io.github.resnetcourse.kit.data.Datasets",
                    "io.github.resnetcourse.kit.weights.Weights",
                    "io.github.resnetcourse.kit.weights.ModelCatalog",
                    "io.github.resnetcourse.kit.lessons.ExerciseCheck",
                    "io.github.resnetcourse.kit.setup.Doctor",
                    // Builders resolve their unset defaults once, in build().
                    "io.github.resnetcourse.kit.train.RunSettings",
                    "io.github.resnetcourse.kit.features.FrozenFeatures$Builder",
                    // The engine is per process: set up once, before any caller could hand it
                    // anything (its own settings are process variables too).
                    "io.github.resnetcourse.kit.engine.Engines");

    /** Packages whose classes take their configuration as values, not as an {@code Env}. */
    private static final List<String> INTERNAL_PACKAGES =
            List.of(
                    "io.github.resnetcourse.kit.data.",
                    "io.github.resnetcourse.kit.weights.",
                    "io.github.resnetcourse.kit.features.");

    /**
     * The classes of those packages that may mention {@code Env} at all: the facades above and the
     * settings values' {@code of(Env)} adapters.
     */
    private static final Set<String> ENV_ADAPTERS =
            Set.of(
                    "io.github.resnetcourse.kit.data.Datasets",
                    "io.github.resnetcourse.kit.data.DataSettings",
                    "io.github.resnetcourse.kit.weights.Weights",
                    "io.github.resnetcourse.kit.weights.WeightsLocation",
                    "io.github.resnetcourse.kit.weights.ModelCatalog",
                    "io.github.resnetcourse.kit.features.FrozenFeatures$Builder");

    /** Packages whose classes are process entry points (command-line tools, benchmarks). */
    private static final List<String> EDGE_PACKAGES =
            List.of("io.github.resnetcourse.kit.cli.", "io.github.resnetcourse.kit.bench.");

    @Test
    void onlyTheAllowListedEdgeClassesReadTheProcessEnvironment() throws Exception {
        Path classes = classesFolder(Env.class);
        Set<String> callers = callersOfEnvCurrent(classes);
        assertTrue(
                callers.contains("io.github.resnetcourse.kit.data.Datasets"), "scanned " + classes);
        List<String> offenders = new ArrayList<>();
        for (String c : callers) {
            if (!EDGES.contains(c) && EDGE_PACKAGES.stream().noneMatch(c::startsWith)) {
                offenders.add(c);
            }
        }
        assertEquals(
                List.of(),
                offenders,
                "These classes call Env.current() but are not edges: hand them their settings"
                        + " (DataSettings, WeightsLocation, RunSettings, a path or a seed) from the"
                        + " facade or builder that calls them, or add them to EDGES with a reason.");
    }

    @Test
    void dataWeightsAndFeaturesInternalsNeverSeeAnEnv() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (var e : constantPools(classesFolder(Env.class)).entrySet()) {
            String c = e.getKey();
            if (INTERNAL_PACKAGES.stream().anyMatch(c::startsWith)
                    && e.getValue().mentionsEnv()
                    && !ENV_ADAPTERS.contains(c)) {
                offenders.add(c);
            }
        }
        assertEquals(
                List.of(),
                offenders,
                "These classes of data/, weights/ or features/ take or read an Env: give them the"
                        + " values they use (DataSettings, WeightsLocation, a path, a seed).");
    }

    @Test
    void theScanFindsACallAndAMethodReferenceButNotAMention() throws Exception {
        Path classes = classesFolder(EnvReadAtTheEdgeTest.class);
        Set<String> callers = callersOfEnvCurrent(classes);
        String self = EnvReadAtTheEdgeTest.class.getName();
        assertTrue(callers.contains(self + "$CallsIt"), callers.toString());
        assertTrue(callers.contains(self + "$RefersToIt"), callers.toString());
        assertTrue(!callers.contains(self + "$TakesOne"), callers.toString());
    }

    /** Fixture: a direct call. */
    static final class CallsIt {
        long seed() {
            return Env.current().seed();
        }
    }

    /** Fixture: a method reference. */
    static final class RefersToIt {
        java.util.function.Supplier<Env> env() {
            return Env::current;
        }
    }

    /** Fixture: an Env handed in, which is the point. */
    static final class TakesOne {
        long seed(Env env) {
            return env.seed();
        }
    }

    private static Path classesFolder(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Binary names of the classes under {@code root} whose code refers to {@code Env.current}. */
    private static Set<String> callersOfEnvCurrent(Path root) throws IOException {
        Set<String> callers = new TreeSet<>();
        for (var e : constantPools(root).entrySet()) {
            if (e.getValue().methodRefs().contains(ENV + ".current")) {
                callers.add(e.getKey());
            }
        }
        return callers;
    }

    /** What this test needs of a class file's constant pool. */
    private record Pool(Set<String> methodRefs, boolean mentionsEnv) {}

    /** Every class under {@code root}, by binary name. */
    private static Map<String, Pool> constantPools(Path root) throws IOException {
        Map<String, Pool> pools = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    String rel = root.relativize(f).toString().replace('\\', '/');
                    pools.put(
                            rel.substring(0, rel.length() - 6).replace('/', '.'),
                            read(new DataInputStream(in)));
                }
            }
        }
        return pools;
    }

    /**
     * The method references ({@code owner/Name.method}) of a class file's constant pool (JVM
     * specification §4.4: every call and method handle goes through one), and whether any class
     * entry or type descriptor names {@code Env}.
     */
    private static Pool read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[] nameAndTypeName = new int[count];
        List<int[]> methodRefs = new ArrayList<>(); // {class index, name-and-type index}
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 17, 18 -> in.readInt();
                case 10, 11 ->
                        methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> {
                    nameAndTypeName[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant-pool tag " + tag);
            }
        }
        Set<String> refs = new TreeSet<>();
        for (int[] ref : methodRefs) {
            refs.add(utf8[classNameIndex[ref[0]]] + "." + utf8[nameAndTypeName[ref[1]]]);
        }
        boolean mentionsEnv = false;
        for (int i = 1; i < count; i++) {
            String u = utf8[i];
            if (u != null && (u.equals(ENV) || u.contains("L" + ENV + ";"))) {
                mentionsEnv = true;
            }
        }
        return new Pool(refs, mentionsEnv);
    }
}
