package dev.punchspec.key.testlib;

/** A plain class: importing it from a staged source without staging it must be rejected. */
public final class Helper {
    private Helper() {
    }

    /** Something a fixture might call. */
    public static int one() {
        return 1;
    }
}
