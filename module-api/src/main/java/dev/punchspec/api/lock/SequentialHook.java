package dev.punchspec.api.lock;

import java.util.function.BooleanSupplier;
import org.checkerframework.checker.lock.qual.GuardSatisfied;

/**
 * The scheduling hook of a sequential run: no other task ever runs, so a scheduling point switches
 * nothing and waiting can only succeed if the condition already holds. A contended acquire is
 * therefore a self-deadlock, which {@link ModelLock#lock} reports as a
 * {@link LockViolation.Kind#DEADLOCK}. Stateless; one instance may serve any number of tasks.
 */
public final class SequentialHook implements SchedulingHook {

    /** Creates the hook. */
    public SequentialHook() {
        // stateless
    }

    /** Nothing to switch to: returns at once. */
    @Override
    public void schedulingPoint(String what) {
        // A sequential run has a single task, so there is nothing to interleave here.
    }

    /**
     * Returns whether {@code ready} holds now: no other task can make it true later.
     *
     * @return {@code ready.getAsBoolean()}
     */
    @Override
    public boolean blockUntil(String what, BooleanSupplier ready) {
        return ready.getAsBoolean();
    }

    @Override
    public String toString(@GuardSatisfied SequentialHook this) {
        return "sequential";
    }
}
