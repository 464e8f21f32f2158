package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** Runs a reference script under Debian's {@code /usr/bin/python3} + torch and parses its JSON. */
final class PythonReference {
    private static final Path PYTHON = Paths.get("/usr/bin/python3");

    private PythonReference() {}

    static JsonObject run(String script, String arg) {
        Path home = Paths.get(System.getProperty("course.home", "..")).toAbsolutePath();
        Path file = home.resolve("kit/src/test/python/train").resolve(script);
        if (!Files.isExecutable(PYTHON)) {
            fail("/usr/bin/python3 is missing; run ./course setup (installs python3-torch).");
        }
        try {
            Process p =
                    new ProcessBuilder(PYTHON.toString(), "-W", "ignore", file.toString(), arg)
                            .redirectErrorStream(false)
                            .start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(
                        "Reference script "
                                + file
                                + " failed (is python3-torch installed? run ./course setup): "
                                + new String(err, StandardCharsets.UTF_8));
            }
            return JsonParser.parseString(new String(out, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError("Could not run " + file + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + file, e);
        }
    }

    static double[] doubles(JsonObject o, String key) {
        var a = o.getAsJsonArray(key);
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }
}
