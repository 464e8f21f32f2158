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
 * never chosen, and the process that asked survives. The faults are forced into libtorch's own
 * convolutions (no oneDNN), which compute correctly on every CPU, so each test sees only its own
 * fault, on healthy and faulty CPUs alike.
 */
class EngineGuardTest {

    private static final EngineConfiguration NCHW =
            new EngineConfiguration(OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.ONEDNN);
    private static final EngineConfiguration NATIVE =
            new EngineConfiguration(OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.NATIVE);
    private static final EngineConfiguration NATIVE_CHANNELS_LAST =
            new EngineConfiguration(
                    OneDnnIsa.ALL, MemoryLayout.CHANNELS_LAST, ConvolutionBackend.NATIVE);

    @TempDir Path cache;

    private EngineGuard guard(List<EngineConfiguration> candidates, String fault) {
        return new EngineGuard(cache, 2, candidates, fault, Duration.ofMinutes(5));
    }

    @Test
    void aConfigurationThatCrashesIsNeverChosenAndTheCallerSurvives() {
        EngineDecision decision =
                guard(List.of(NATIVE, NATIVE_CHANNELS_LAST), NATIVE.label() + ":crash").decide();

        CandidateResult crashed = decision.results().get(0);
        assertEquals(CheckStatus.CRASHED, crashed.status(), crashed.describe());
        assertTrue(crashed.worstCase().contains("SIGFPE"), crashed.worstCase());
        assertEquals(NATIVE_CHANNELS_LAST, decision.configuration());
        assertEquals(CheckStatus.CORRECT, decision.results().get(1).status());
    }

    @Test
    void aConfigurationThatComputesWrongNumbersIsNeverChosen() {
        EngineDecision decision =
                guard(List.of(NATIVE, NATIVE_CHANNELS_LAST), NATIVE.label() + ":wrong").decide();

        CandidateResult wrong = decision.results().get(0);
        assertEquals(CheckStatus.WRONG, wrong.status(), wrong.describe());
        assertTrue(wrong.worstError() > ConvolutionCheck.TOLERANCE);
        assertEquals(NATIVE_CHANNELS_LAST, decision.configuration());
    }

    @Test
    void aHealthyDefaultIsNamedPassedAndAFallbackNamesTheFault() {
        CandidateResult crashed =
                new CandidateResult(
                        EngineConfiguration.DEFAULT.label(),
                        CheckStatus.CRASHED,
                        0,
                        "SIGFPE in libtorch_cpu.so f()",
                        0);
        CandidateResult correct =
                new CandidateResult(NATIVE.label(), CheckStatus.CORRECT, 1e-6, "x", 1.0);
        assertEquals(
                "convolution self-check: passed (onednn/all/channels-last)",
                new EngineDecision(
                                EngineConfiguration.DEFAULT,
                                EngineDecision.Source.CACHED,
                                List.of(),
                                "",
                                0)
                        .describe());
        String fallback =
                new EngineDecision(
                                NATIVE,
                                EngineDecision.Source.CHECKED_NOW,
                                List.of(crashed, correct),
                                "",
                                1)
                        .describe();
        assertTrue(fallback.contains("using native/all/nchw because"), fallback);
        assertTrue(fallback.contains("crashed (SIGFPE in libtorch_cpu.so f())"), fallback);
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
