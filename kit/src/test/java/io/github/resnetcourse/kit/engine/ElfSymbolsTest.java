package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfSymbolsTest {

    private static LoadedLibtorch libtorch() {
        Engines.init();
        return LoadedLibtorch.inThisProcess()
                .orElseThrow(() -> new AssertionError("Engines.init() loads libtorch_cpu.so"));
    }

    @Test
    void anExportedFunctionIsWhereTheDynamicLinkerPutIt() throws Exception {
        LoadedLibtorch loaded = libtorch();
        String name = "_ZN2at13globalContextEv";
        long linked =
                Pointer.nativeValue(
                        NativeLibrary.getInstance(loaded.file().toString()).getFunction(name));
        OptionalLong offset = ElfSymbols.offsetOf(loaded.file(), name);
        assertTrue(offset.isPresent(), "at::globalContext() is in libtorch's symbol table");
        assertEquals(linked, loaded.base() + offset.getAsLong());
    }

    @Test
    void oneDnnsInternalCpuFunctionIsFoundInTheFullSymbolTable() throws Exception {
        LoadedLibtorch loaded = libtorch();
        assertTrue(
                ElfSymbols.offsetOf(loaded.file(), HiddenCacheRepair.CPU_FUNCTION).isPresent(),
                "libtorch 2.7.1 keeps its .symtab; dlsym cannot see this local function");
    }

    @Test
    void aPrefixOfASymbolsNameIsNotThatSymbol() throws Exception {
        assertTrue(ElfSymbols.offsetOf(libtorch().file(), "_ZN2at13globalContext").isEmpty());
    }

    @Test
    void aFileThatIsNotElfHasNoSymbols(@TempDir Path dir) throws Exception {
        Path text =
                Files.writeString(
                        dir.resolve("libtorch_cpu.so"), "not a shared library\n".repeat(10));
        assertTrue(ElfSymbols.offsetOf(text, HiddenCacheRepair.CPU_FUNCTION).isEmpty());
    }

    @Test
    void theBaseIsTheMappingAtFileOffsetZero() {
        String first = "7fd71b400000-7fd71c000000 r--p 00000000 fd:01 1234   /x/libtorch_cpu.so";
        String later = "7fd71c000000-7fd72c000000 r-xp 00c00000 fd:01 1234   /x/libtorch_cpu.so";
        assertEquals(
                new LoadedLibtorch(Path.of("/x/libtorch_cpu.so"), 0x7fd71b400000L),
                LoadedLibtorch.parse(first).orElseThrow());
        assertTrue(LoadedLibtorch.parse(later).isEmpty());
        assertTrue(LoadedLibtorch.parse("7f00-7f10 r--p 00000000 fd:01 1 /x/libc10.so").isEmpty());
    }
}
