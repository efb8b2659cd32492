import java.util.concurrent.locks.ReentrantLock;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.lock.qual.GuardedBy;
import org.checkerframework.checker.lock.qual.Holding;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;

/**
 * Lock Checker case: a method annotated as needing a lock is called without it, and a guarded
 * object is used without its lock; what removing a lock call (or an annotation a caller relies on)
 * from product code looks like. The last method is the correct form and must pass.
 */
class D4Lock {
    final ReentrantLock lock = new ReentrantLock();
    final @GuardedBy("lock") Counter counter = new Counter();

    static final class Counter {
        int n;

        void add(@GuardSatisfied Counter this) {
            n++;
        }
    }

    @Holding("lock")
    void record() {
        counter.add();
    }

    void callsWithoutTheLock() {
        // :: error: [contracts.precondition] call to 'record' requires 'this.lock is @LockPossiblyHeld' to be held
        record();
    }

    void usesWithoutTheLock() {
        // :: error: [lock.not.held] required lock not held.
        counter.add();
    }

    @MayReleaseLocks
    void holdsTheLock() {
        lock.lock();
        try {
            record();
            counter.add();
        } finally {
            lock.unlock();
        }
    }
}
