package io.github.resnetcourse.kit.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One file fetched over HTTP(S) into a cache folder: resumable, verified and atomic.
 *
 * <pre>{@code
 * Path tar = Download.builder()
 *         .setUrl("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
 *         .setTarget(env.dataDir().resolve("downloads/cifar-10-binary.tar.gz"))
 *         .optMd5("c32a1d4ab5d03f1284b67883e8d87530")
 *         .build()
 *         .fetch();
 * }</pre>
 *
 * <ul>
 *   <li>Bytes go to {@code <target>.part}; an interrupted transfer resumes from there with an HTTP
 *       {@code Range} request (or restarts when the server ignores it).
 *   <li>The finished file is checked against the publisher's checksum; a mismatch deletes it and
 *       throws {@link ChecksumMismatchException} — it never becomes the target.
 *   <li>Only a verified file is flushed and renamed to the target ({@link AtomicFiles#commit}), so
 *       a file under the target name is always complete.
 *   <li>A target that already exists and verifies is used as is: nothing is downloaded.
 *   <li>Without a published checksum, the SHA-256 of the first download is recorded next to the
 *       file ({@code <target>.sha256}) and every later use verifies against it.
 * </ul>
 */
public final class Download {
    private static final String PART = ".part";
    private static final String RECORDED = ".sha256";

    private final URI url;
    private final Path target;
    private final Checksum checksum;
    private final long expectedSize;
    private final DownloadProgress progress;
    private final Duration timeout;

    private Download(Builder b) {
        this.url = b.url;
        this.target = b.target;
        this.checksum = b.checksum;
        this.expectedSize = b.expectedSize;
        this.progress = b.progress;
        this.timeout = b.timeout;
    }

    /** A new builder; {@link Builder#setUrl} and {@link Builder#setTarget} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The source. */
    public URI url() {
        return url;
    }

    /** Where the verified file ends up. */
    public Path target() {
        return target;
    }

    /** The size the publisher gives, or -1 when unknown. */
    public long expectedSize() {
        return expectedSize;
    }

    /**
     * Whether the target is present and verified (against the given checksum, or the one recorded
     * at first download); reads the whole file.
     */
    public boolean isCached() throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        Optional<Checksum> expected = expectedChecksum();
        if (expected.isPresent()) {
            return expected.get().matches(target);
        }
        return expectedSize < 0 || Files.size(target) == expectedSize;
    }

    /**
     * Returns the verified target, downloading (or resuming) it first when needed.
     *
     * @throws ChecksumMismatchException when the downloaded bytes do not match; nothing is kept
     * @throws IOException when the server fails or the connection drops; a partial file is kept for
     *     resumption and the message says so
     */
    public Path fetch() throws IOException {
        if (Files.isRegularFile(target)) {
            if (isCached()) {
                return target;
            }
            // A corrupt or foreign file under the target name: never trust it, fetch afresh.
            System.out.println(
                    target + " does not match its checksum; downloading it again from " + url);
            Files.delete(target);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + PART);
        transfer(part);
        Optional<Checksum> expected = expectedChecksum();
        if (expected.isPresent()) {
            try {
                expected.get().verify(part, url.toString());
            } catch (ChecksumMismatchException e) {
                Files.deleteIfExists(part);
                throw e;
            }
        } else {
            if (expectedSize >= 0 && Files.size(part) != expectedSize) {
                long got = Files.size(part);
                Files.deleteIfExists(part);
                throw new IOException(
                        "Download of "
                                + url
                                + " has "
                                + got
                                + " bytes, expected "
                                + expectedSize
                                + "; deleted. Retry the download.");
            }
            String sha = Checksum.compute(Checksum.Algorithm.SHA256, part);
            Path sidecar = recordedChecksumFile();
            AtomicFiles.write(
                    sidecar,
                    tmp ->
                            Files.writeString(
                                    tmp,
                                    sha + "  " + target.getFileName() + "\n",
                                    StandardCharsets.US_ASCII));
            System.out.println(
                    "No published checksum for "
                            + target.getFileName()
                            + "; recorded SHA-256 "
                            + sha
                            + " in "
                            + sidecar.getFileName()
                            + " to verify it from now on.");
        }
        AtomicFiles.commit(part, target);
        progress.finish(Files.size(target));
        return target;
    }

    private Optional<Checksum> expectedChecksum() throws IOException {
        if (checksum != null) {
            return Optional.of(checksum);
        }
        Path sidecar = recordedChecksumFile();
        if (Files.isRegularFile(sidecar)) {
            String line = Files.readString(sidecar, StandardCharsets.US_ASCII).trim();
            return Optional.of(Checksum.sha256(line.split("\\s+")[0]));
        }
        return Optional.empty();
    }

    private Path recordedChecksumFile() {
        return target.resolveSibling(target.getFileName() + RECORDED);
    }

    private void transfer(Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (expectedSize > 0 && have > expectedSize) {
            Files.delete(part);
            have = 0;
        }
        HttpURLConnection connection = open(url, have);
        int status = connection.getResponseCode();
        boolean resumed = status == 206 && have > 0;
        if (status == 416 && have > 0) {
            // The part already holds every byte: the server has nothing after it.
            connection.disconnect();
            return;
        }
        if (status != 200 && status != 206) {
            connection.disconnect();
            throw new IOException(
                    "Download of "
                            + url
                            + " failed: HTTP "
                            + status
                            + ". The file may have moved; see docs/data.md for mirrors.");
        }
        long start = resumed ? have : 0;
        long length = connection.getContentLengthLong();
        long total = length >= 0 ? start + length : expectedSize;
        progress.start(target.getFileName().toString(), start, total);
        StandardOpenOption mode =
                resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long done = start;
        try (InputStream in = connection.getInputStream();
                OutputStream out =
                        Files.newOutputStream(
                                part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.update(done, total);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("Download of " + url + " interrupted; rerun to resume.");
                }
            }
        } catch (IOException e) {
            throw new IOException(
                    "Download of "
                            + url
                            + " stopped after "
                            + Sizes.human(done)
                            + " ("
                            + e.getMessage()
                            + "). The partial file "
                            + part.getFileName()
                            + " is kept; rerun to resume.",
                    e);
        }
        if (length >= 0 && done != start + length) {
            throw new IOException(
                    "Download of "
                            + url
                            + " ended after "
                            + done
                            + " of "
                            + (start + length)
                            + " bytes. The partial file is kept; rerun to resume.");
        }
    }

    /**
     * Opens {@code source}, asking for the bytes after {@code have}. Redirects are followed by hand
     * (at most five), because {@link HttpURLConnection} will not cross from http to https. A read
     * timeout, unlike {@code java.net.http}, also ends a transfer that stalls mid-body.
     */
    private HttpURLConnection open(URI source, long have) throws IOException {
        URI current = source;
        for (int hop = 0; hop < 5; hop++) {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) current.toURL().openConnection();
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout((int) timeout.toMillis());
                c.setReadTimeout((int) timeout.toMillis());
                c.setRequestProperty("User-Agent", "resnet-course-kit");
                if (have > 0) {
                    c.setRequestProperty("Range", "bytes=" + have + "-");
                }
                int status = c.getResponseCode();
                if (status / 100 != 3) {
                    return c;
                }
                String location = c.getHeaderField("Location");
                c.disconnect();
                if (location == null) {
                    throw new IOException("HTTP " + status + " without a Location from " + current);
                }
                current = current.resolve(location);
            } catch (IOException e) {
                throw new IOException(
                        "Cannot download "
                                + current
                                + " ("
                                + e.getMessage()
                                + "). Check the network or proxy, then rerun.",
                        e);
            }
        }
        throw new IOException("Too many redirects from " + source);
    }

    /** Builds a {@link Download}. */
    public static final class Builder {
        private URI url;
        private Path target;
        private Checksum checksum;
        private long expectedSize = -1;
        private DownloadProgress progress = DownloadProgress.console();
        private Duration timeout = Duration.ofSeconds(60);

        private Builder() {}

        /** The source URL (required). */
        public Builder setUrl(String url) {
            return setUrl(URI.create(url));
        }

        /** The source URL (required). */
        public Builder setUrl(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Where the verified file goes (required); its folder is created. */
        public Builder setTarget(Path target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** The publisher's SHA-256. */
        public Builder optSha256(String hex) {
            this.checksum = Checksum.sha256(hex);
            return this;
        }

        /** The publisher's MD5. */
        public Builder optMd5(String hex) {
            this.checksum = Checksum.md5(hex);
            return this;
        }

        /** Any expected checksum. */
        public Builder optChecksum(Checksum checksum) {
            this.checksum = checksum;
            return this;
        }

        /** The size the publisher gives, in bytes; used for progress and as a sanity check. */
        public Builder optExpectedSize(long bytes) {
            this.expectedSize = bytes;
            return this;
        }

        /** Where progress goes (default: lines on stdout). */
        public Builder optProgress(DownloadProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Connect and read timeout (default 60 s). */
        public Builder optTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The download; nothing happens until {@link Download#fetch()}. */
        public Download build() {
            if (url == null) {
                throw new IllegalStateException("Download needs setUrl(...)");
            }
            if (target == null) {
                throw new IllegalStateException("Download needs setTarget(...)");
            }
            return new Download(this);
        }
    }
}
