package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the lock model's tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Fails the test if {@code value} is null; returns it otherwise. */
    static <T> T present(@Nullable T value, String what) {
        if (value == null) {
            throw new AssertionError(what + " is null");
        }
        return value;
    }

    /** A throwable's message, failing the test if it has none. */
    static String message(Throwable thrown) {
        return present(thrown.getMessage(), "message of " + thrown);
    }

    /** Runs {@code action}, which must throw a LockViolation, and returns it. */
    static LockViolation violation(Executable action) {
        return assertThrows(LockViolation.class, action);
    }

    /** The method names of a snapshot's Java frames, innermost first. */
    static List<String> methods(StackSnapshot snapshot) {
        return snapshot.javaFrames().stream().map(frame -> frame.getMethodName()).toList();
    }

    /** The simple class names of a snapshot's Java frames, innermost first. */
    static List<String> classes(StackSnapshot snapshot) {
        return snapshot.javaFrames().stream()
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1))
                .toList();
    }

    /** The innermost method of a snapshot. */
    static String innermost(StackSnapshot snapshot) {
        return methods(snapshot).get(0);
    }
}
