package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import io.github.resnetcourse.kit.fetch.Download;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fetches weight files through the kit's shared {@link Download} (resumable, atomic, progress on
 * stdout). Keras publishes a full MD5, which {@code Download} checks itself. torchvision publishes
 * only the first eight hex digits of the SHA-256 (in the file name, as {@code torch.hub} checks
 * them), which {@code fetch.Checksum} cannot express: those files are downloaded to {@code
 * <file>.download}, checked here, and only then moved to their final name ({@link
 * AtomicFiles#commit}) — so a file under its final name is always complete and verified.
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
     * Makes sure {@code weights}' file is present and verified in {@code location}'s folder.
     *
     * @return the file
     * @throws IOException naming the URL, the size and where to put a manual download
     */
    public static Path fetch(Weights weights, WeightsLocation location) throws IOException {
        Path target = weights.file(location);
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
            if (weights.digest() == Weights.Digest.MD5) {
                Path file =
                        Download.builder()
                                .setUrl(weights.url())
                                .setTarget(target)
                                .optMd5(weights.expectedHex())
                                .build()
                                .fetch();
                System.out.println("Saved and verified: " + file);
                return file;
            }
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
     * Downloads {@code url} to {@code <target>.download} (resuming a partial one), then moves it to
     * {@code target} only when {@code verifier} accepts it; otherwise deletes it.
     */
    public static Path download(URI url, Path target, Verifier verifier) throws IOException {
        Path staging = target.resolveSibling(target.getFileName() + ".download");
        // Download records the SHA-256 of an unchecked file next to it; a staging file is
        // checked here instead, so that record must not outlive it.
        Path record = staging.resolveSibling(staging.getFileName() + ".sha256");
        Download.builder().setUrl(url).setTarget(staging).build().fetch();
        try {
            if (!verifier.matches(staging)) {
                Files.delete(staging);
                throw new IOException(
                        "The file from "
                                + url
                                + " does not match its published checksum; it was deleted."
                                + " Try again; if it persists the file on the server changed.");
            }
            AtomicFiles.commit(staging, target);
        } finally {
            Files.deleteIfExists(record);
        }
        System.out.println("Saved and verified: " + target);
        return target;
    }
}
