package io.github.resnetcourse.kit.optim;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference script under Debian's {@code /usr/bin/python3} with torch and reads its JSON.
 */
final class TorchReference {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private TorchReference() {}

    /**
     * Runs a script from the test resources with {@code input} as JSON on stdin.
     *
     * @return the JSON the script printed
     */
    static JsonObject run(String resource, Object input) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(
                    PYTHON + " is missing: run ./course setup to install Debian's python3-torch.");
        }
        Path script = Files.createTempFile("reference", ".py");
        try (InputStream in = TorchReference.class.getResourceAsStream(resource)) {
            Files.write(script, in.readAllBytes());
        }
        Process process =
                new ProcessBuilder(PYTHON.toString(), script.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(new Gson().toJson(input).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        Files.deleteIfExists(script);
        if (!done || process.exitValue() != 0) {
            throw new IllegalStateException(
                    resource
                            + " failed under "
                            + PYTHON
                            + " (is python3-torch installed? run ./course setup): "
                            + out);
        }
        return new Gson().fromJson(out, JsonObject.class);
    }
}
