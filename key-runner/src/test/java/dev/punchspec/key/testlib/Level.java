package dev.punchspec.key.testlib;

/** An enum that a staged fixture names in an annotation argument; stubbed with its constants. */
public enum Level {
    /** First constant. */
    LOW,
    /** Second constant. */
    HIGH;

    /** A method the stub leaves out: stubs carry constants only. */
    public boolean above(Level other) {
        return compareTo(other) > 0;
    }
}
