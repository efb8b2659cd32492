package dev.punchspec.lockorder.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.checker.CompileHarness.Diag;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compile-fail tests: every source under {@code src/test/resources/lockorder/reject} must produce
 * exactly the diagnostics its {@code // :: error:} comments list (message text and line), and
 * every source under {@code accept} must compile without any.
 */
class LockOrderCheckerTest {

    private static final List<String> CHECKER = List.of(LockOrderChecker.class.getName());

    /** Sources the checker must reject, one per rule (see their header comments). */
    @ParameterizedTest
    @ValueSource(strings = {
        "OrderInversion.java",
        "PunchLocksFolio.java",
        "RecursiveLocking.java",
        "ReleaseNotHeld.java",
        "LoopLeak.java",
        "AnnotationConflicts.java",
        "BranchesAndJumps.java",
    })
    void rejects(String name) {
        Path source = CompileHarness.SOURCES.resolve("reject").resolve(name);
        List<Diag> expected = CompileHarness.expectations(source);
        assertFalse(expected.isEmpty(), name + " expects no diagnostic: not a reject case");
        assertDiagnostics(expected, source);
    }

    /** Sources the checker must accept. */
    @ParameterizedTest
    @ValueSource(strings = {
        "KernelOrder.java",
        "TryWithResources.java",
        "StatementAcquireRelease.java",
        "PunchTakesIlock.java",
        "LambdasAndClasses.java",
        "JumpsAndSwitches.java",
    })
    void accepts(String name) {
        Path source = CompileHarness.SOURCES.resolve("accept").resolve(name);
        List<Diag> expected = CompileHarness.expectations(source);
        assertTrue(expected.isEmpty(), name + " expects diagnostics: not an accept case");
        assertDiagnostics(expected, source);
    }

    /** Every source in the case directories is listed above, so none is silently skipped. */
    @Test
    void everyCaseIsRun() {
        assertEquals(List.of(
                        "AnnotationConflicts.java",
                        "BranchesAndJumps.java",
                        "LoopLeak.java",
                        "OrderInversion.java",
                        "PunchLocksFolio.java",
                        "RecursiveLocking.java",
                        "ReleaseNotHeld.java"),
                CompileHarness.casesIn("reject"));
        assertEquals(List.of(
                        "JumpsAndSwitches.java",
                        "KernelOrder.java",
                        "LambdasAndClasses.java",
                        "PunchTakesIlock.java",
                        "StatementAcquireRelease.java",
                        "TryWithResources.java"),
                CompileHarness.casesIn("accept"));
    }

    private static void assertDiagnostics(List<Diag> expected, Path source) {
        List<Diag> actual = CompileHarness.compile(CHECKER,
                List.of(CompileHarness.KERNEL_FIXTURE, source));
        assertEquals(CompileHarness.render(expected), CompileHarness.render(actual),
                "diagnostics of " + source.getFileName());
    }
}
