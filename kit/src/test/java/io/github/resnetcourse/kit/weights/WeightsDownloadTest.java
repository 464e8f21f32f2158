package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real local HTTP server that honours range requests. */
class WeightsDownloadTest {
    @TempDir Path dir;
    private HttpServer server;
    private final byte[] payload = new byte[300_000];

    @BeforeEach
    void serve() throws IOException {
        new Random(1).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/w.pth",
                ex -> {
                    String range = ex.getRequestHeaders().getFirst("Range");
                    int from = range == null ? 0 : Integer.parseInt(range.replaceAll("\\D", ""));
                    byte[] body = Arrays.copyOfRange(payload, from, payload.length);
                    ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w.pth");
    }

    @Test
    void resumesAPartialFileAndMovesItIntoPlaceWhenVerified() throws IOException {
        Path target = dir.resolve("w.pth");
        Files.write(dir.resolve("w.pth.download.part"), Arrays.copyOf(payload, 100_000));
        WeightsDownload.download(url(), target, f -> Arrays.equals(Files.readAllBytes(f), payload));
        assertArrayEquals(payload, Files.readAllBytes(target));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList(), "no staging, part or record files remain");
        }
    }

    @Test
    void checksumMismatchKeepsNothing() throws IOException {
        Path target = dir.resolve("w.pth");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> WeightsDownload.download(url(), target, f -> false));
        assertTrue(e.getMessage().contains("does not match its published checksum"));
        assertFalse(Files.exists(target));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void missingWeightsNameTheFetchCommandAndSize() {
        Env env = Env.of(Map.of("COURSE_DATA", dir.toString()), dir);
        MissingWeightsException e =
                assertThrows(
                        MissingWeightsException.class,
                        () -> Weights.RESNET18_IMAGENET1K_V1.load(env));
        assertTrue(e.getMessage().contains("./course weights fetch resnet18"), e.getMessage());
        assertTrue(e.getMessage().contains("44.7 MB"), e.getMessage());
    }

    @Test
    void smokeRunsLoadAGeneratedTwinWhenTheFileIsMissingFullRunsDoNot() {
        Env smoke = Env.of(Map.of("COURSE_DATA", dir.toString(), "COURSE_MODE", "smoke"), dir);
        try (var model = Weights.RESNET18_IMAGENET1K_V1.loadForRun(smoke)) {
            assertEquals(11_689_512L, model.parameterCount());
        }
        Env full = Env.of(Map.of("COURSE_DATA", dir.toString(), "COURSE_MODE", "full"), dir);
        assertThrows(
                MissingWeightsException.class,
                () -> Weights.RESNET18_IMAGENET1K_V1.loadForRun(full));
    }

    @Test
    void torchvisionChecksumIsTheSha256PrefixAndKerasTheFullMd5() throws Exception {
        Path f = dir.resolve("x.pth");
        Files.write(f, payload);
        String sha =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256").digest(payload));
        String md5 =
                java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("MD5").digest(payload));
        assertTrue(Weights.digestMatches(Weights.Digest.SHA256_PREFIX, sha.substring(0, 8), f));
        assertFalse(Weights.digestMatches(Weights.Digest.SHA256_PREFIX, "00000000", f));
        assertTrue(Weights.digestMatches(Weights.Digest.MD5, md5, f));
        assertFalse(Weights.RESNET18_IMAGENET1K_V1.verify(f));
        assertTrue(
                Weights.RESNET18_IMAGENET1K_V1
                        .fileName()
                        .contains(Weights.RESNET18_IMAGENET1K_V1.expectedHex()));
    }
}
