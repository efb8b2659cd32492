package dev.punchspec.verify.scenario;

import org.checkerframework.checker.lock.qual.GuardSatisfied;

/**
 * A scenario file the loader rejects: one message naming the field (a JSON pointer, RFC 6901,
 * empty for the whole document) and, for a scalar, its value.
 */
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The field, as a JSON pointer ({@code ""}: the document itself). */
    private final String pointer;
    /** The whole message: pointer, then the problem. */
    private final String message;

    /**
     * @param pointer the field, as a JSON pointer
     * @param problem what is wrong with it, including its value where it has one
     */
    public ScenarioException(String pointer, String problem) {
        this.message = (pointer.isEmpty() ? "(document)" : pointer) + ": " + problem;
        this.pointer = pointer;
    }

    /** @return the pointer (or {@code (document)}), a colon and the problem; never null */
    @Override
    public String getMessage(@GuardSatisfied ScenarioException this) {
        return message;
    }

    /** @return the field, as a JSON pointer ({@code ""}: the document itself) */
    public String pointer() {
        return pointer;
    }
}
