package io.github.resnetcourse.kit.fetch;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code .tar.gz} archives (POSIX ustar with GNU long names and pax headers), enough for the
 * dataset archives, without a dependency. Entries cannot escape the destination folder.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    /**
     * Extracts regular files of {@code archive} under {@code destination}. Files appear one by one,
     * so extract into the temporary folder of {@link AtomicFiles#writeFolder}, as {@code
     * data.DataFetcher} does, to make the result appear whole or not at all.
     *
     * @param rename maps an entry name to a relative output path, or {@code null} to skip it
     * @return the number of files written
     */
    public static int extract(Path archive, Path destination, Function<String, String> rename)
            throws IOException {
        int files = 0;
        Path root = destination.toAbsolutePath().normalize();
        try (InputStream in =
                new GZIPInputStream(
                        new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readBlock(in, header)) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = longName != null ? longName : entryName(header);
                longName = null;
                long size = parseOctal(header, 124, 12);
                char type = (char) header[156];
                if (type == 'L' || type == 'x') {
                    byte[] data = readData(in, size, archive);
                    String text = new String(data, StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                    continue;
                }
                String out = (type == '0' || type == '\0') ? rename.apply(name) : null;
                if (out == null) {
                    skip(in, padded(size), archive);
                    continue;
                }
                Path file = root.resolve(out).normalize();
                if (!file.startsWith(root)) {
                    throw new IOException(
                            archive.getFileName() + " entry '" + name + "' points outside " + root);
                }
                Files.createDirectories(file.getParent());
                try (OutputStream os = Files.newOutputStream(file)) {
                    copy(in, os, size, archive);
                }
                skip(in, padded(size) - size, archive);
                files++;
            }
        }
        return files;
    }

    private static String entryName(byte[] h) {
        String name = text(h, 0, 100);
        String prefix = text(h, 345, 155);
        boolean ustar = text(h, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String paxPath(String records) {
        for (String rec : records.split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) {
                return rec.substring(sp + 6);
            }
        }
        return null;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] h, int off, int len) {
        long v = 0;
        int i = off;
        while (i < off + len && h[i] == ' ') {
            i++;
        }
        for (; i < off + len && h[i] >= '0' && h[i] <= '7'; i++) {
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int got = in.readNBytes(block, 0, BLOCK);
        return got == BLOCK;
    }

    private static byte[] readData(InputStream in, long size, Path archive) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException(archive.getFileName() + " is truncated.");
        }
        skip(in, padded(size) - size, archive);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size, Path archive)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException(archive.getFileName() + " is truncated; download it again.");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n, Path archive) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException(archive.getFileName() + " is truncated.");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
