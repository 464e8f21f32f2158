package io.github.resnetcourse.kit.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected digest of a file: the algorithm and the hex value a publisher gives (MD5 for
 * CIFAR-10, SHA-256 for torchvision's weights) or one recorded on first download.
 */
public final class Checksum {
    /** Digest algorithms publishers use for datasets and weight files. */
    public enum Algorithm {
        /** MD5, as published for CIFAR-10. */
        MD5("MD5", 32),
        /** SHA-256, as published for most weight files. */
        SHA256("SHA-256", 64);

        private final String jcaName;
        private final int hexLength;

        Algorithm(String jcaName, int hexLength) {
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("The JDK lacks " + jcaName, e);
            }
        }

        @Override
        public String toString() {
            return jcaName;
        }
    }

    private final Algorithm algorithm;
    private final String hex;

    private Checksum(Algorithm algorithm, String hex) {
        Objects.requireNonNull(algorithm, "algorithm");
        String h = Objects.requireNonNull(hex, "hex").trim().toLowerCase(Locale.ROOT);
        if (h.length() != algorithm.hexLength || !h.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException(
                    "'"
                            + hex
                            + "' is not a "
                            + algorithm
                            + " digest: expected "
                            + algorithm.hexLength
                            + " hex digits.");
        }
        this.algorithm = algorithm;
        this.hex = h;
    }

    /** An expected MD5 digest (32 hex digits). */
    public static Checksum md5(String hex) {
        return new Checksum(Algorithm.MD5, hex);
    }

    /** An expected SHA-256 digest (64 hex digits). */
    public static Checksum sha256(String hex) {
        return new Checksum(Algorithm.SHA256, hex);
    }

    /** The algorithm. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** The expected value in lower-case hex. */
    public String hex() {
        return hex;
    }

    /** Computes the digest of {@code file} with {@code algorithm}, as lower-case hex. */
    public static String compute(Algorithm algorithm, Path file) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code file}'s digest equals this one. */
    public boolean matches(Path file) throws IOException {
        return hex.equals(compute(algorithm, file));
    }

    /**
     * Checks {@code file} and throws when it differs.
     *
     * @throws ChecksumMismatchException naming the file, both digests and the source
     */
    public void verify(Path file, String source) throws IOException {
        String actual = compute(algorithm, file);
        if (!hex.equals(actual)) {
            throw new ChecksumMismatchException(file, source, this, actual);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
