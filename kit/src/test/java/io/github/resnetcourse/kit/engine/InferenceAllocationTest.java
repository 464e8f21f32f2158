package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs its checks in a fresh JVM. glibc serves a request from any free heap memory large enough
 * before it considers mapping; the threshold decides only how a request the heap cannot serve is
 * met: by mapping, or by growing the heap. In the test JVM, after other tests have evaluated
 * models, such free memory may be anywhere, so the probe starts from a known heap and sizes its
 * requests against it.
 */
class InferenceAllocationTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void duringInferenceBuffersUpTo32MiBComeFromTheHeapAndAfterwardsAreMappedAgain()
            throws Exception {
        assumeTrue(Engines.init().allocator() == Allocator.LARGE_MAPPED, "glibc only");
        assertEquals(
                List.of(
                        "training 20 MiB: mapped",
                        "inference 20 MiB: heap",
                        "inference 40 MiB: mapped",
                        "nested, inner closed twice 20 MiB: heap",
                        "after 28 MiB: mapped"),
                runProbe());
    }

    private static List<String> runProbe() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.lines().filter(l -> l.contains(" MiB: ")).toList();
    }

    /** The child: allocates with glibc directly and reports where each buffer came from. */
    public static final class Probe {
        /** glibc's {@code struct mallinfo2}; {@code hblkhd} counts bytes in mapped chunks. */
        @Structure.FieldOrder({
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost"
        })
        public static class MallInfo2 extends Structure implements Structure.ByValue {
            public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks;
            public long fordblks, keepcost;
        }

        interface Malloc extends Library {
            Pointer malloc(long size);

            void free(Pointer p);

            MallInfo2 mallinfo2();
        }

        private static final Malloc LIBC = Native.load("c", Malloc.class);

        public static void main(String[] args) {
            Engines.init();
            report("training", 20);
            try (InferenceAllocation heap = InferenceAllocation.open()) {
                report("inference", 20);
                report("inference", 40); // above glibc's largest threshold: always mapped
            }
            try (InferenceAllocation outer = InferenceAllocation.open()) {
                InferenceAllocation inner = InferenceAllocation.open();
                inner.close();
                inner.close(); // a second close is ignored
                report("nested, inner closed twice", 20);
            }
            // The 20 MiB the heap grew by above is free again and would serve another 20 MiB
            // request; 28 MiB is more than it holds, so the restored threshold decides.
            report("after", 28);
        }

        private static void report(String phase, long mib) {
            long before = LIBC.mallinfo2().hblkhd;
            Pointer p = LIBC.malloc(mib * MIB);
            boolean mapped = LIBC.mallinfo2().hblkhd - before >= mib * MIB;
            LIBC.free(p);
            System.out.println(phase + " " + mib + " MiB: " + (mapped ? "mapped" : "heap"));
        }
    }
}
