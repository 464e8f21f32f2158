package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads a weight file: into {@code <file>.part} (resumed with an HTTP range request when a
 * previous download was cut), verified against the published checksum, then moved into place
 * atomically — so a file under its final name is always complete. Progress goes to stdout.
 *
 * <p>Note for maintainers: the kit's shared {@code fetch.Download} does the same for datasets; once
 * it has landed on {@code main} this class should delegate to it and keep only the torchvision
 * checksum-prefix check, which {@code fetch.Checksum} (full digests only) cannot express.
 */
public final class WeightsDownload {
    private WeightsDownload() {}

    /** A check of a downloaded file. */
    @FunctionalInterface
    public interface Verifier {
        /** Whether {@code file} is the expected one. */
        boolean matches(Path file) throws IOException;
    }

    /**
     * Makes sure {@code weights}' file is present and verified in {@code env}'s weights folder.
     *
     * @return the file
     * @throws IOException naming the URL, the size and where to put a manual download
     */
    public static Path fetch(Weights weights, Env env) throws IOException {
        Path target = weights.file(env);
        if (Files.isRegularFile(target) && weights.verify(target)) {
            System.out.println(weights.name() + ": present and verified at " + target);
            return target;
        }
        System.out.println(
                "Fetching "
                        + weights.name()
                        + " ("
                        + weights.sizeText()
                        + ") from "
                        + weights.url());
        try {
            return download(URI.create(weights.url()), target, weights::verify);
        } catch (IOException e) {
            throw new IOException(
                    e.getMessage()
                            + "\nOffline? Download "
                            + weights.url()
                            + " ("
                            + weights.sizeText()
                            + ") on another machine and copy it to "
                            + target,
                    e);
        }
    }

    /**
     * Downloads {@code url} to {@code target} through {@code target.part}, resuming a partial file,
     * and moves it into place only when {@code verifier} accepts it.
     */
    public static Path download(URI url, Path target, Verifier verifier) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpClient client =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(20))
                        .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Download of " + url + " interrupted", e);
        } catch (IOException e) {
            throw new IOException("Cannot reach " + url + " (" + e + ")", e);
        }
        int status = response.statusCode();
        boolean resume = status == 206 && have > 0;
        if (status != 200 && !resume) {
            response.body().close();
            throw new IOException("Download of " + url + " failed: HTTP " + status);
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (total >= 0 && resume) {
            total += have;
        }
        long done = resume ? have : 0;
        if (resume) {
            System.out.printf(Locale.ROOT, "  resuming after %,d bytes%n", have);
        }
        try (InputStream in = response.body();
                OutputStream out =
                        Files.newOutputStream(
                                part,
                                StandardOpenOption.CREATE,
                                resume
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            int lastPercent = -1;
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                if (total > 0) {
                    int percent = (int) (100 * done / total);
                    if (percent / 10 != lastPercent / 10) {
                        System.out.printf(Locale.ROOT, "  %3d%% (%,d bytes)%n", percent, done);
                        lastPercent = percent;
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException(
                    "Download of "
                            + url
                            + " broke off after "
                            + done
                            + " bytes ("
                            + e
                            + "); the part is kept at "
                            + part
                            + " and the next fetch resumes",
                    e);
        }
        if (!verifier.matches(part)) {
            Files.delete(part);
            throw new IOException(
                    "The file from "
                            + url
                            + " does not match its published checksum; it was"
                            + " deleted. Try again; if it persists the file on the server changed.");
        }
        Files.move(
                part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("  saved and verified: " + target);
        return target;
    }
}
