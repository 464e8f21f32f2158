package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

/**
 * Every kit process lets libtorch's idle OpenMP threads sleep unless the user chose otherwise: the
 * variable is in the process's C environment, where the OpenMP runtime reads it when it loads.
 */
class IdleThreadsTest {

    /**
     * The C library's view of the environment (Java's {@code System.getenv} is a start-up copy).
     */
    interface C extends Library {
        String getenv(String name);
    }

    @Test
    void idleOpenMpThreadsSleepUnlessTheUserChoseAPolicy() {
        EngineTuning tuning = Engines.init();
        String user = System.getenv(Engines.OMP_WAIT_POLICY);
        String inForce = Native.load("c", C.class).getenv(Engines.OMP_WAIT_POLICY);
        if (user == null) {
            assertEquals("PASSIVE", inForce);
            assertTrue(tuning.describe().endsWith("OMP_WAIT_POLICY PASSIVE"), tuning.describe());
        } else {
            assertEquals(user, inForce, "the user's policy is left alone");
            assertTrue(tuning.describe().contains("OMP_WAIT_POLICY "), tuning.describe());
        }
    }
}
