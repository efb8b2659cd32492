package dev.punchspec.lockorder.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.punchspec.lockorder.checker.CompileHarness.Diag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker in the product modules' {@code -processor} list, after Nullness and Lock: every
 * checker's errors must still be reported, the Lock Checker's included (a broken lock annotation
 * fails the build as a broken lock order does). The first class has only a lock-order error; had this
 * checker printed it at once, the Nullness Checker would have taken the grown error count for a
 * javac error and skipped the two later classes (measured: their Nullness errors disappear).
 */
class MultipleCheckersTest {

    private static final List<String> PRODUCT_CHECKERS = List.of(
            "org.checkerframework.checker.nullness.NullnessChecker",
            "org.checkerframework.checker.lock.LockChecker",
            LockOrderChecker.class.getName());

    @Test
    void nullnessAndLockOrderErrorsAreAllReported() {
        Path dir = CompileHarness.SOURCES.resolve("multi");
        List<Path> cases = List.of(dir.resolve("A1LockOrder.java"), dir.resolve("B2Nullness.java"),
                dir.resolve("C3Both.java"));
        List<Diag> expected = new ArrayList<>();
        for (Path p : cases) {
            expected.addAll(CompileHarness.expectations(p));
        }
        expected.sort(CompileHarness.ORDER);
        List<Path> sources = new ArrayList<>();
        sources.add(CompileHarness.KERNEL_FIXTURE);
        sources.addAll(cases);
        List<Diag> actual = CompileHarness.compile(PRODUCT_CHECKERS, sources);
        assertEquals(4, expected.size(), "the cases expect two errors of each checker");
        assertEquals(CompileHarness.render(expected), CompileHarness.render(actual));
    }

    /** A broken lock annotation fails the product build: the Lock Checker in the same processor list. */
    @Test
    void lockCheckerRejectsCallsAndWritesWithoutTheLock() {
        Path source = CompileHarness.SOURCES.resolve("multi").resolve("D4Lock.java");
        List<Diag> expected = CompileHarness.expectations(source);
        assertEquals(2, expected.size(), "the case expects two Lock Checker errors");
        // The Lock Checker's messages continue on further lines ("  required: this.lock"); the
        // expectations hold the first line.
        List<Diag> actual = new ArrayList<>();
        for (Diag d : CompileHarness.compile(PRODUCT_CHECKERS, List.of(source))) {
            actual.add(new Diag(d.file(), d.line(), d.kind(), d.message().lines().findFirst().orElse("")));
        }
        assertEquals(CompileHarness.render(expected), CompileHarness.render(actual));
    }
}
