package io.github.resnetcourse.kit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code libtorch_cpu.so} this process has loaded: its file and the address it was loaded at.
 *
 * <p>DJL loads libtorch by full path from its cache folder, so the process's memory map is the one
 * place that names the file actually in use. The base is the start of the mapping at file offset 0;
 * a symbol's address is the base plus its value in the file's symbol table.
 *
 * @param file the shared library's path
 * @param base the address of its first byte in this process
 */
record LoadedLibtorch(Path file, long base) {

    static final String LIBRARY = "libtorch_cpu.so";

    /** Finds libtorch in {@code /proc/self/maps}; empty before DJL has loaded it, or off Linux. */
    static Optional<LoadedLibtorch> inThisProcess() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(LoadedLibtorch::parse)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses one line of {@code /proc/self/maps}, e.g. {@code 7fd71b400000-7fd71c000000 r--p
     * 00000000 fd:01 1234 /path/libtorch_cpu.so}; only the mapping at offset 0 gives the base.
     */
    static Optional<LoadedLibtorch> parse(String line) {
        String[] fields = line.trim().split("\\s+", 6);
        if (fields.length < 6 || !fields[5].endsWith("/" + LIBRARY)) {
            return Optional.empty();
        }
        if (Long.parseUnsignedLong(fields[2], 16) != 0) {
            return Optional.empty();
        }
        String start = fields[0].substring(0, fields[0].indexOf('-'));
        return Optional.of(
                new LoadedLibtorch(Path.of(fields[5]), Long.parseUnsignedLong(start, 16)));
    }
}
