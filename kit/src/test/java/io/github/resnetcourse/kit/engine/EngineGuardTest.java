package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The convolution self-check with faults forced into its child processes: a configuration that
 * crashes (a real SIGFPE, as on the CPU that motivated the check) or computes wrong numbers is
 * never chosen, and the process that asked survives. These run on every CPU, healthy or not.
 */
class EngineGuardTest {

    private static final EngineConfiguration NCHW =
            new EngineConfiguration(OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.ONEDNN);
    private static final EngineConfiguration NATIVE =
            new EngineConfiguration(OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.NATIVE);

    @TempDir Path cache;

    private EngineGuard guard(List<EngineConfiguration> candidates, String fault) {
        return new EngineGuard(cache, 2, candidates, fault, Duration.ofMinutes(5));
    }

    @Test
    void aConfigurationThatCrashesIsNeverChosenAndTheCallerSurvives() {
        EngineDecision decision =
                guard(
                                List.of(EngineConfiguration.DEFAULT, NATIVE),
                                EngineConfiguration.DEFAULT.label() + ":crash")
                        .decide();

        CandidateResult crashed = decision.results().get(0);
        assertEquals(CheckStatus.CRASHED, crashed.status(), crashed.describe());
        assertTrue(crashed.worstCase().contains("SIGFPE"), crashed.worstCase());
        assertEquals(NATIVE, decision.configuration());
        assertTrue(decision.describe().contains("using " + NATIVE.label()), decision.describe());
        assertTrue(decision.describe().contains("crashed"), decision.describe());
    }

    @Test
    void aConfigurationThatComputesWrongNumbersIsNeverChosen() {
        EngineDecision decision =
                guard(
                                List.of(EngineConfiguration.DEFAULT, NATIVE),
                                EngineConfiguration.DEFAULT.label() + ":wrong")
                        .decide();

        CandidateResult wrong = decision.results().get(0);
        assertEquals(CheckStatus.WRONG, wrong.status(), wrong.describe());
        assertTrue(wrong.worstError() > ConvolutionCheck.TOLERANCE);
        assertEquals(NATIVE, decision.configuration());
    }

    @Test
    void theFirstCorrectCandidateIsKeptWithoutTryingTheRest() {
        EngineDecision decision = guard(List.of(NATIVE, NCHW), "").decide();

        assertEquals(NATIVE, decision.configuration());
        assertEquals(
                1, decision.results().size(), "only the first candidate runs when it is correct");
        CandidateResult result = decision.results().get(0);
        assertEquals(CheckStatus.CORRECT, result.status(), result.describe());
        assertTrue(result.worstError() < 1e-5, "float32 against float64: " + result.worstError());
        assertTrue(result.secondsPerPass() > 0);
    }

    @Test
    void theDecisionIsCachedPerMachineAndAnUnreadableCacheIsCheckedAgain() throws Exception {
        EngineDecision first = guard(List.of(NATIVE), "").decide();
        assertEquals(EngineDecision.Source.CHECKED_NOW, first.source());

        EngineDecision second = guard(List.of(NATIVE), "").decide();
        assertEquals(EngineDecision.Source.CACHED, second.source());
        assertEquals(first.configuration(), second.configuration());
        assertEquals(first.results(), second.results());

        try (var files = Files.list(cache)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.writeString(file, "{ not json");
            }
        }
        assertEquals(
                EngineDecision.Source.CHECKED_NOW, guard(List.of(NATIVE), "").decide().source());
    }

    @Test
    void aCrashReportNamesTheSignalAndTheNativeFunction() throws Exception {
        Files.writeString(
                cache.resolve("hs_err_pid42.log"),
                String.join(
                        "\n",
                        "#",
                        "# A fatal error has been detected by the Java Runtime Environment:",
                        "#",
                        "#  SIGFPE (0x8) at pc=0x00007f5e3d2a937c, pid=42, tid=43",
                        "#",
                        "# Problematic frame:",
                        "# C  [libtorch_cpu.so+0x1166937c]  dnnl::impl::cpu::x64::brgemm_convolution_utils::brg_blocking_t::est_eff_1x1()+0xa5c",
                        ""));

        assertEquals(
                "SIGFPE in libtorch_cpu.so dnnl::impl::cpu::x64::brgemm_convolution_utils::brg_blocking_t::est_eff_1x1()",
                EngineGuard.crashCause(cache, "", 134));
        assertEquals(
                "exit 1: boom",
                EngineGuard.crashCause(cache.resolve("missing"), "start\nboom\n", 1));
    }
}
