package dev.punchspec.api.lock;

import static dev.punchspec.api.lock.Fixtures.innermost;
import static dev.punchspec.api.lock.Fixtures.present;
import static dev.punchspec.api.lock.Fixtures.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

class ModelLockTest {

    private final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    private final ModelLock folio = new ModelLock("folio 3", LockRank.FOLIO_LOCK);
    private final ModelLock iRwsem = new ModelLock("i_rwsem", LockRank.I_RWSEM);
    private final RecordingHook hook = new RecordingHook(() -> folio + " / " + iRwsem);
    private final TaskContext t1 = validator.newTask(1, "writer", hook);
    private final TaskContext t2 = validator.newTask(2, "fault", hook);

    @Test
    void constructorRejectsBlankNameAndThePunchLevel() {
        IllegalArgumentException blank =
                assertThrows(IllegalArgumentException.class, () -> new ModelLock(" ", LockRank.ILOCK));
        assertEquals("name = \" \": a lock name must not be blank", blank.getMessage());
        IllegalArgumentException punch =
                assertThrows(IllegalArgumentException.class, () -> new ModelLock("punch", LockRank.PUNCH));
        assertTrue(Fixtures.message(punch).startsWith("rank = PUNCH is a level"), Fixtures.message(punch));
    }

    @Test
    void accessorsAndKindFollowTheRank() {
        assertEquals("folio 3", folio.name());
        assertEquals(LockRank.FOLIO_LOCK, folio.rank());
        assertEquals(LockKind.MUTEX, folio.kind());
        assertEquals(LockKind.RW_SEMAPHORE, iRwsem.kind());
        assertEquals(List.of(), folio.holders());
        assertNull(folio.heldMode());
    }

    @Test
    @MayReleaseLocks
    void exclusiveLockAndUnlock() {
        folio.lock(t1, LockMode.EXCLUSIVE);
        assertTrue(folio.isHeldBy(t1));
        assertTrue(folio.isHeldExclusiveBy(t1));
        assertFalse(folio.isHeldBy(t2));
        assertFalse(folio.isHeldExclusiveBy(t2));
        assertFalse(folio.isAvailable(LockMode.EXCLUSIVE));
        assertEquals(LockMode.EXCLUSIVE, folio.heldMode());
        HeldLock entry = folio.holders().get(0);
        assertEquals(1, folio.holders().size());
        assertEquals("folio 3", entry.lockName());
        assertEquals(LockRank.FOLIO_LOCK, entry.rank());
        assertEquals(LockMode.EXCLUSIVE, entry.mode());
        assertEquals(1, entry.taskId());
        assertEquals("exclusiveLockAndUnlock", innermost(entry.acquiredAt()));
        assertEquals(List.of(entry), t1.heldLocks());

        folio.unlock(t1);
        assertFalse(folio.isHeldBy(t1));
        assertFalse(folio.isHeldExclusiveBy(t1));
        assertTrue(folio.isAvailable(LockMode.EXCLUSIVE));
        assertNull(folio.heldMode());
        assertEquals(List.of(), folio.holders());
        assertEquals(List.of(), t1.heldLocks());
        assertEquals(List.of(), validator.violations());
    }

    @Test
    @MayReleaseLocks
    void schedulingPointBeforeAcquireAndAfterReleaseWithoutWaitingWhenFree() {
        folio.lock(t1, LockMode.EXCLUSIVE);
        folio.unlock(t1);
        assertEquals(List.of(
                "lock folio 3 EXCLUSIVE | folio 3 [FOLIO_LOCK] free / i_rwsem [I_RWSEM] free",
                "unlock folio 3 | folio 3 [FOLIO_LOCK] free / i_rwsem [I_RWSEM] free"), hook.events());
    }

    @Test
    @MayReleaseLocks
    void sharedHoldersAreSortedByTaskAndExcludeWriters() {
        iRwsem.lock(t2, LockMode.SHARED);
        iRwsem.lock(t1, LockMode.SHARED);
        assertEquals(List.of(1, 2), iRwsem.holders().stream().map(held -> held.taskId()).toList());
        assertEquals(LockMode.SHARED, iRwsem.heldMode());
        assertTrue(iRwsem.isHeldBy(t1));
        assertTrue(iRwsem.isHeldBy(t2));
        assertFalse(iRwsem.isHeldExclusiveBy(t1));
        assertFalse(iRwsem.isHeldExclusiveBy(t2));
        assertTrue(iRwsem.isAvailable(LockMode.SHARED));
        assertFalse(iRwsem.isAvailable(LockMode.EXCLUSIVE));
        assertEquals("i_rwsem [I_RWSEM] SHARED by [task 1 (writer), task 2 (fault)]", iRwsem.toString());

        iRwsem.unlock(t1);
        assertEquals(List.of(2), iRwsem.holders().stream().map(held -> held.taskId()).toList());
        assertFalse(iRwsem.isHeldBy(t1));
        assertTrue(iRwsem.isHeldBy(t2));
        assertEquals(List.of(), t1.heldLocks());
        assertEquals(1, t2.heldLocks().size());
    }

    @Test
    void availabilityOfEveryModeInEveryState() {
        assertTrue(iRwsem.isAvailable(LockMode.EXCLUSIVE));
        assertTrue(iRwsem.isAvailable(LockMode.SHARED));
        iRwsem.lock(t1, LockMode.SHARED);
        assertFalse(iRwsem.isAvailable(LockMode.EXCLUSIVE));
        assertTrue(iRwsem.isAvailable(LockMode.SHARED));
        ModelLock ilock = new ModelLock("ILOCK", LockRank.ILOCK);
        ilock.lock(t1, LockMode.EXCLUSIVE);
        assertFalse(ilock.isAvailable(LockMode.EXCLUSIVE));
        assertFalse(ilock.isAvailable(LockMode.SHARED));
        assertTrue(ilock.isHeldExclusiveBy(t1));
        assertFalse(iRwsem.isHeldExclusiveBy(t1));
    }

    @Test
    void mutexRejectsSharedMode() {
        IllegalArgumentException lock =
                assertThrows(IllegalArgumentException.class, () -> folio.lock(t1, LockMode.SHARED));
        assertEquals("mode = SHARED: folio 3 is a MUTEX lock (FOLIO_LOCK), held EXCLUSIVE only", lock.getMessage());
        assertThrows(IllegalArgumentException.class, () -> folio.tryLock(t1, LockMode.SHARED));
        assertThrows(IllegalArgumentException.class, () -> folio.isAvailable(LockMode.SHARED));
        assertEquals(List.of(), hook.events());
        assertEquals(List.of(), folio.holders());
    }

    @Test
    void contendedAcquireInSequentialRunIsADeadlockNamingTheHolder() {
        LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
        TaskContext holder = relaxed.newTask(1, "writer", new SequentialHook());
        TaskContext waiter = relaxed.newTask(2, "fault", new SequentialHook());
        takeFolio(holder);
        LockViolation deadlock = violation(() -> folio.lock(waiter, LockMode.EXCLUSIVE));
        assertEquals(LockViolation.Kind.DEADLOCK, deadlock.kind());
        assertEquals("folio 3", deadlock.lockName());
        HeldLock held = present(deadlock.heldLock(), "holder");
        assertEquals(1, held.taskId());
        assertEquals("takeFolio", innermost(held.acquiredAt()));
        assertEquals(2, deadlock.current().taskId());
        assertTrue(innermost(deadlock.current()).startsWith("lambda$contendedAcquire"), innermost(deadlock.current()));
        assertEquals(List.of(deadlock), relaxed.violations());
        assertFalse(folio.isHeldBy(waiter));
        assertEquals(List.of(), waiter.heldLocks());
    }

    private void takeFolio(TaskContext task) {
        folio.lock(task, LockMode.EXCLUSIVE);
    }

    @Test
    void selfDeadlockReportsTheTasksOwnHoldEvenWithALowerHolder() {
        LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
        TaskContext reader = relaxed.newTask(1, "reader", new SequentialHook());
        TaskContext upgrader = relaxed.newTask(2, "upgrader", new SequentialHook());
        iRwsem.lock(reader, LockMode.SHARED);
        iRwsem.lock(upgrader, LockMode.SHARED);
        LockViolation deadlock = violation(() -> iRwsem.lock(upgrader, LockMode.EXCLUSIVE));
        assertEquals(LockViolation.Kind.DEADLOCK, deadlock.kind());
        assertEquals(2, present(deadlock.heldLock(), "own hold").taskId());
        List<LockViolation> recorded = relaxed.violations();
        assertEquals(List.of(LockViolation.Kind.SAME_RANK, LockViolation.Kind.DEADLOCK),
                recorded.stream().map(reported -> reported.kind()).toList());
        assertSame(deadlock, recorded.get(1));
    }

    @Test
    @MayReleaseLocks
    void contendedAcquireWaitsThroughTheHookUntilAnotherTaskReleases() {
        folio.lock(t1, LockMode.EXCLUSIVE);
        hook.onWait(ready -> {
            assertFalse(ready.getAsBoolean());
            folio.unlock(t1);
            return ready.getAsBoolean();
        });
        folio.lock(t2, LockMode.EXCLUSIVE);
        assertTrue(folio.isHeldExclusiveBy(t2));
        assertEquals(List.of(
                "lock folio 3 EXCLUSIVE | folio 3 [FOLIO_LOCK] free / i_rwsem [I_RWSEM] free",
                "lock folio 3 EXCLUSIVE | folio 3 [FOLIO_LOCK] EXCLUSIVE by [task 1 (writer)] / i_rwsem [I_RWSEM] free",
                "block folio 3 EXCLUSIVE | folio 3 [FOLIO_LOCK] EXCLUSIVE by [task 1 (writer)] / i_rwsem [I_RWSEM] free",
                "unlock folio 3 | folio 3 [FOLIO_LOCK] free / i_rwsem [I_RWSEM] free"), hook.events());
    }

    @Test
    void aHookThatWakesATaskWhileTheLockIsTakenIsRejected() {
        folio.lock(t1, LockMode.EXCLUSIVE);
        hook.onWait(ready -> true);
        IllegalStateException broken =
                assertThrows(IllegalStateException.class, () -> folio.lock(t2, LockMode.EXCLUSIVE));
        assertTrue(Fixtures.message(broken).contains("returned from blockUntil(folio 3 EXCLUSIVE) while the lock is unavailable"),
                Fixtures.message(broken));
        assertFalse(folio.isHeldBy(t2));
    }

    @Test
    void tryLockTakesAFreeLockFailsOnATakenOneAndIsNotOrderChecked() {
        ModelLock ilock = new ModelLock("ILOCK", LockRank.ILOCK);
        ilock.lock(t1, LockMode.EXCLUSIVE);
        assertTrue(folio.tryLock(t1, LockMode.EXCLUSIVE));
        assertTrue(folio.isHeldExclusiveBy(t1));
        assertEquals("tryLockTakesAFreeLockFailsOnATakenOneAndIsNotOrderChecked", innermost(folio.holders().get(0).acquiredAt()));
        assertFalse(folio.tryLock(t2, LockMode.EXCLUSIVE));
        assertFalse(folio.isHeldBy(t2));
        assertEquals(List.of(), t2.heldLocks());
        assertEquals(List.of(), validator.violations());
        assertEquals("trylock folio 3 EXCLUSIVE | folio 3 [FOLIO_LOCK] free / i_rwsem [I_RWSEM] free", hook.events().get(1));
        assertEquals(3, hook.events().size());
        assertTrue(iRwsem.tryLock(t2, LockMode.SHARED));
        assertTrue(iRwsem.tryLock(t1, LockMode.SHARED));
        assertEquals(List.of(1, 2), iRwsem.holders().stream().map(held -> held.taskId()).toList());
    }

    @Test
    @MayReleaseLocks
    void unlockOfAFreeLockIsReportedWithoutAHolder() {
        LockViolation bad = unlockExpectingViolation(folio, t1);
        assertEquals(LockViolation.Kind.UNLOCK_NOT_HELD, bad.kind());
        assertNull(bad.heldLock());
        assertEquals("unlockExpectingViolation", innermost(bad.current()));
        assertEquals(List.of(bad), validator.violations());
        assertEquals(List.of(), hook.events());
    }

    @Test
    @MayReleaseLocks
    void unlockOfAnotherTasksLockIsReportedWithItsHolder() {
        takeFolio(t1);
        LockViolation bad = unlockExpectingViolation(folio, t2);
        assertEquals(LockViolation.Kind.UNLOCK_NOT_HELD, bad.kind());
        HeldLock holder = present(bad.heldLock(), "holder");
        assertEquals(1, holder.taskId());
        assertEquals("takeFolio", innermost(holder.acquiredAt()));
        assertTrue(folio.isHeldBy(t1));
    }

    @Test
    @MayReleaseLocks
    void unlockNotHeldUnderRecordPolicyIsRecordedAndIgnored() {
        LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
        RecordingHook quiet = new RecordingHook();
        TaskContext owner = relaxed.newTask(1, "owner", quiet);
        TaskContext other = relaxed.newTask(2, "other", quiet);
        folio.lock(owner, LockMode.EXCLUSIVE);
        folio.unlock(other);
        assertTrue(folio.isHeldBy(owner));
        assertEquals(1, owner.heldLocks().size());
        assertEquals(List.of(LockViolation.Kind.UNLOCK_NOT_HELD),
                relaxed.violations().stream().map(reported -> reported.kind()).toList());
        assertEquals(List.of("lock folio 3 EXCLUSIVE"), quiet.events());
    }

    @MayReleaseLocks
    private static LockViolation unlockExpectingViolation(ModelLock lock, TaskContext task) {
        try {
            lock.unlock(task);
        } catch (LockViolation expected) {
            return expected;
        }
        throw new AssertionError("unlock of " + lock + " by " + task.label() + " was not reported");
    }

    @Test
    @MayReleaseLocks
    void anExitedTaskCannotUseLocks() {
        ModelLock ilock = new ModelLock("ILOCK", LockRank.ILOCK);
        t1.exit();
        assertThrows(IllegalStateException.class, () -> ilock.lock(t1, LockMode.EXCLUSIVE));
        assertThrows(IllegalStateException.class, () -> ilock.tryLock(t1, LockMode.EXCLUSIVE));
        try {
            ilock.unlock(t1);
            throw new AssertionError("unlock by an exited task was accepted");
        } catch (IllegalStateException expected) {
            assertEquals("task 1 (writer) has exited; it can no longer run lock operations", expected.getMessage());
        }
        assertEquals(List.of(), ilock.holders());
        assertEquals(List.of(), hook.events());
    }

    @Test
    @MayReleaseLocks
    void recursiveSharedHoldsAreReleasedLatestFirst() {
        LockValidator relaxed = new LockValidator(ViolationPolicy.RECORD);
        TaskContext reader = relaxed.newTask(1, "reader", new SequentialHook());
        TaskContext other = relaxed.newTask(0, "other", new SequentialHook());
        outerRead(reader);
        innerRead(reader);
        iRwsem.lock(other, LockMode.SHARED);
        assertEquals(List.of("recursiveSharedHoldsAreReleasedLatestFirst", "lockAs", "lockAs"),
                iRwsem.holders().stream().map(held -> innermost(held.acquiredAt())).toList());
        assertEquals(List.of("outerRead", "innerRead"),
                iRwsem.holders().subList(1, 3).stream().map(held -> Fixtures.methods(held.acquiredAt()).get(1)).toList());
        iRwsem.unlock(reader);
        assertEquals(List.of(0, 1), iRwsem.holders().stream().map(held -> held.taskId()).toList());
        assertEquals("outerRead", Fixtures.methods(iRwsem.holders().get(1).acquiredAt()).get(1));
        assertEquals("outerRead", Fixtures.methods(reader.heldLocks().get(0).acquiredAt()).get(1));
        assertEquals(List.of(LockViolation.Kind.SAME_RANK),
                relaxed.violations().stream().map(reported -> reported.kind()).toList());
    }

    private void outerRead(TaskContext task) {
        lockAs(task);
    }

    private void innerRead(TaskContext task) {
        lockAs(task);
    }

    private void lockAs(TaskContext task) {
        iRwsem.lock(task, LockMode.SHARED);
    }

    @Test
    @MayReleaseLocks
    void releasingThroughACopyMadeBeforeTheTaskLetGoIsRejected() {
        folio.lock(t1, LockMode.EXCLUSIVE);
        ModelLock stale = folio.copy();
        folio.unlock(t1);
        IllegalStateException mixed = assertThrows(IllegalStateException.class, () -> releaseQuietly(stale, t1));
        assertTrue(Fixtures.message(mixed).contains("belong to different copies of the lock state"), Fixtures.message(mixed));
    }

    @MayReleaseLocks
    private static void releaseQuietly(ModelLock lock, TaskContext task) {
        lock.unlock(task);
    }

    @Test
    @MayReleaseLocks
    void copyIsEqualAndIndependent() {
        iRwsem.lock(t1, LockMode.SHARED);
        ModelLock copy = iRwsem.copy();
        assertEquals(iRwsem, copy);
        assertEquals(iRwsem.hashCode(), copy.hashCode());
        assertEquals(iRwsem.holders(), copy.holders());
        copy.lock(t2, LockMode.SHARED);
        assertNotEquals(iRwsem, copy);
        assertEquals(1, iRwsem.holders().size());
        iRwsem.unlock(t1);
        assertEquals(2, copy.holders().size());
    }

    @Test
    void equalityCoversNameRankAndHoldersButNotAcquisitionOrder() {
        LockValidator other = new LockValidator(ViolationPolicy.THROW);
        TaskContext o1 = other.newTask(1, "writer", new SequentialHook());
        TaskContext o2 = other.newTask(2, "fault", new SequentialHook());
        ModelLock a = new ModelLock("i_rwsem", LockRank.I_RWSEM);
        ModelLock b = new ModelLock("i_rwsem", LockRank.I_RWSEM);
        a.lock(t1, LockMode.SHARED);
        a.lock(t2, LockMode.SHARED);
        b.lock(o2, LockMode.SHARED);
        b.lock(o1, LockMode.SHARED);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, new ModelLock("i_rwsem", LockRank.I_RWSEM));
        assertNotEquals(new ModelLock("i_rwsem", LockRank.I_RWSEM), new ModelLock("invalidate_lock", LockRank.I_RWSEM));
        assertNotEquals(new ModelLock("x", LockRank.I_RWSEM), new ModelLock("x", LockRank.ILOCK));
        assertNotEquals(new ModelLock("x", LockRank.I_RWSEM).hashCode(), new ModelLock("x", LockRank.ILOCK).hashCode());
        assertNotEquals(new ModelLock("x", LockRank.I_RWSEM).hashCode(), new ModelLock("y", LockRank.I_RWSEM).hashCode());
        ModelLock shared = new ModelLock("ILOCK", LockRank.ILOCK);
        ModelLock exclusive = new ModelLock("ILOCK", LockRank.ILOCK);
        shared.lock(t1, LockMode.SHARED);
        exclusive.lock(o1, LockMode.EXCLUSIVE);
        assertNotEquals(shared, exclusive);
        assertNotEquals(shared.hashCode(), exclusive.hashCode());
        assertFalse(a.equals("i_rwsem"));
    }

    @Test
    void hashCodeIsStableAcrossRuns() {
        // Ordinals and String hashes only: the value must not change from one JVM to the next.
        iRwsem.lock(t2, LockMode.SHARED);
        HeldLock held = iRwsem.holders().get(0);
        assertEquals(("i_rwsem".hashCode() * 31 + LockRank.I_RWSEM.ordinal()) * 31 + List.of(held).hashCode(),
                iRwsem.hashCode());
        assertEquals(("folio 3".hashCode() * 31 + LockRank.FOLIO_LOCK.ordinal()) * 31 + 1, folio.hashCode());
    }

    @Test
    void toStringShowsStateAndHolders() {
        assertEquals("folio 3 [FOLIO_LOCK] free", folio.toString());
        folio.lock(t2, LockMode.EXCLUSIVE);
        assertEquals("folio 3 [FOLIO_LOCK] EXCLUSIVE by [task 2 (fault)]", folio.toString());
    }
}
