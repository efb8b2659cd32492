package dev.punchspec.api.lock;

/**
 * What a {@link LockValidator} does with a violation besides recording it. Either way it is
 * appended to {@link LockValidator#violations()}, which the explorer reads.
 */
public enum ViolationPolicy {
    /** Record and throw the {@link LockViolation}: stops the task at the faulty call (tests, sequential runs). */
    THROW,
    /**
     * Record and carry on as lockdep does after its report: the acquire is granted, the bad unlock
     * is ignored, the exit completes. A deadlock is thrown under either policy, since the blocked
     * acquire can never be granted.
     */
    RECORD
}
