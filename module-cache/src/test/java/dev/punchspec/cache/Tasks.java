package dev.punchspec.cache;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SchedulingHook;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;

/** Model threads for tests. */
final class Tasks {

    private Tasks() {
    }

    /** A task of a fresh validator (THROW policy) running sequentially. */
    static TaskContext sequential() {
        return new LockValidator(ViolationPolicy.THROW).newTask(0, "t0", new SequentialHook());
    }

    /** A task of {@code validator} with the given hook. */
    static TaskContext task(LockValidator validator, int id, SchedulingHook hook) {
        return validator.newTask(id, "t" + id, hook);
    }
}
