package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Test helper: the message of the {@link IllegalArgumentException} a call must throw. */
final class Rejections {

    private Rejections() {
    }

    /**
     * @param call a call that must be rejected
     * @return the message of the {@link IllegalArgumentException} it throws ("null" if it has none)
     */
    static String rejected(Executable call) {
        return String.valueOf(assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
