package io.github.resnetcourse.kit.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Looks a symbol up in a 64-bit little-endian ELF file's full symbol table ({@code .symtab}), which
 * also lists the library's internal functions that {@code dlsym} cannot see.
 *
 * <p>The kit needs one such function: oneDNN's {@code dnnl::impl::cpu::x64::cpu()} inside libtorch,
 * which is not exported ({@link HiddenCacheRepair}). libtorch's release builds keep their {@code
 * .symtab}; a stripped library simply has none, and the lookup comes back empty.
 */
final class ElfSymbols {

    private static final int SHT_SYMTAB = 2;
    private static final int PT_LOAD = 1;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final int PROGRAM_HEADER_SIZE = 56;
    private static final int SYMBOL_SIZE = 24;

    private ElfSymbols() {}

    /**
     * The offset of {@code name} from the start of the file's mapping at file offset 0 — add {@link
     * LoadedLibtorch#base()} for its address in this process.
     *
     * @param file an ELF shared library
     * @param name the symbol's mangled name, e.g. {@code _ZN4dnnl4impl3cpu3x643cpuEv}
     * @return the offset, or empty when the file is not a 64-bit little-endian ELF, has no {@code
     *     .symtab}, or does not define the symbol
     * @throws IOException if the file cannot be read
     */
    static OptionalLong offsetOf(Path file, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                return OptionalLong.empty(); // not "\x7fELF", 64-bit, little-endian
            }
            OptionalLong loadBias = firstLoadBias(channel, header);
            if (loadBias.isEmpty()) {
                return OptionalLong.empty();
            }
            long sectionTable = header.getLong(0x28);
            int sections = Short.toUnsignedInt(header.getShort(0x3c));
            ByteBuffer table = read(channel, sectionTable, sections * (long) SECTION_HEADER_SIZE);
            for (int i = 0; i < sections; i++) {
                int at = i * SECTION_HEADER_SIZE;
                if (table.getInt(at + 4) != SHT_SYMTAB) {
                    continue;
                }
                int strings = table.getInt(at + 40) * SECTION_HEADER_SIZE;
                MappedByteBuffer symbols =
                        map(channel, table.getLong(at + 24), table.getLong(at + 32));
                MappedByteBuffer names =
                        map(channel, table.getLong(strings + 24), table.getLong(strings + 32));
                OptionalLong value = find(symbols, names, name.getBytes(StandardCharsets.US_ASCII));
                return value.isPresent()
                        ? OptionalLong.of(value.getAsLong() - loadBias.getAsLong())
                        : value;
            }
            return OptionalLong.empty();
        }
    }

    /**
     * {@code p_vaddr - p_offset} of the first loadable segment: symbol values are virtual
     * addresses, and the loader maps that segment's file offset 0 at the library's base.
     */
    private static OptionalLong firstLoadBias(FileChannel channel, ByteBuffer header)
            throws IOException {
        long programTable = header.getLong(0x20);
        int segments = Short.toUnsignedInt(header.getShort(0x38));
        ByteBuffer table = read(channel, programTable, segments * (long) PROGRAM_HEADER_SIZE);
        for (int i = 0; i < segments; i++) {
            int at = i * PROGRAM_HEADER_SIZE;
            if (table.getInt(at) == PT_LOAD) {
                long offset = table.getLong(at + 8);
                return offset == 0 ? OptionalLong.of(table.getLong(at + 16)) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong find(ByteBuffer symbols, ByteBuffer names, byte[] wanted) {
        int count = symbols.capacity() / SYMBOL_SIZE;
        for (int i = 0; i < count; i++) {
            int at = i * SYMBOL_SIZE;
            int nameAt = symbols.getInt(at);
            if (isName(names, nameAt, wanted) && symbols.getShort(at + 6) != 0) {
                return OptionalLong.of(symbols.getLong(at + 8)); // defined (section index != 0)
            }
        }
        return OptionalLong.empty();
    }

    private static boolean isName(ByteBuffer names, int at, byte[] wanted) {
        if (at < 0 || at + wanted.length >= names.capacity()) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (names.get(at + i) != wanted[i]) {
                return false;
            }
        }
        return names.get(at + wanted.length) == 0;
    }

    private static ByteBuffer read(FileChannel channel, long position, long size)
            throws IOException {
        ByteBuffer buffer =
                ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }

    private static MappedByteBuffer map(FileChannel channel, long position, long size)
            throws IOException {
        MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, size);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }
}
